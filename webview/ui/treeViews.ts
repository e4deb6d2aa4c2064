// The four tree-table views of the panel, each over the transformed tree of
// the PanelModel: Call tree (top-down), Bottom-up (functions by self time,
// expanding into their callers), Caller/callee of the selected function (a
// sandwich: its callers above, its callees below, merged over every place it
// appears), and the Functions table. Each shows the function selected in any
// view and reports its own selection, openings and context menus upward.

import type { CallTreeColumns } from '../../src/model/profileTypes';
import { ownSelf } from '../../src/model/ownSelf';
import { FunctionRow, FunctionSortKey, filterFunctionRows, sortFunctionRows } from '../../src/model/functionsTable';
import { percent, samplesText } from '../../src/model/format';
import { ancestorChain } from '../../src/model/callTreeIndex';
import type { PanelModel } from '../model/panelModel';
import { calleeSource, callTreeSource, functionsSource, invertedSource } from '../model/treeSources';
import { NodeDetails, nodeDetails } from '../model/details';
import { TreeColumn, TreeTable } from './treeTable';
import { el, setText } from './dom';

/** What a row stands for, for the details line, the context menu and "Go to source". */
export interface RowTarget {
  frame: number;
  /** 1-based line of the row (its hottest on that path), or 0. */
  line: number;
  /** The call-tree node in the transformed tree, when the row is one (call tree): "focus on this path" needs it. */
  node: number | null;
  details: NodeDetails;
}

export interface ViewEvents {
  selected(target: RowTarget): void;
  open(target: RowTarget): void;
  menu(target: RowTarget, clientX: number, clientY: number): void;
}

export interface ViewInput {
  model: PanelModel;
  search: string;
  selectedFrame: number | null;
  /** Bumps whenever the model's tree or the search changes: the rows are rebuilt then, else only the selection moves. */
  version: number;
  workspaceRoot: string | null;
}

export interface PanelView {
  readonly element: HTMLElement;
  show(input: ViewInput): void;
  focus(): void;
}

const pct = (all: number) => (v: number) => (all > 0 ? percent(v, all) : '');
/** Column widths (px): "100.00%" and "1,234,567" fit, and a 500 px panel keeps ~200 px for names. */
const PCT_WIDTH = 72;
const SAMPLES_WIDTH = 84;

function numberColumns(tree: () => CallTreeColumns, all: () => number, own?: () => Float64Array): TreeColumn[] {
  const cols: TreeColumn[] = [
    {
      key: 'total',
      title: 'Total',
      tooltip: 'Samples with this row on the stack, in % of all samples',
      value: (id) => tree().total[id],
      format: (v) => pct(all())(v),
      width: PCT_WIDTH,
    },
    {
      key: 'self',
      title: 'Self',
      tooltip: "Samples in this row's own code, in % of all samples",
      value: (id) => tree().self[id],
      format: (v) => pct(all())(v),
      width: PCT_WIDTH,
    },
  ];
  if (own)
    cols.push({
      key: 'ownSelf',
      title: 'Self+libs',
      tooltip:
        "Self with libraries: samples in this function's own code plus the std, dependency and system code it calls, until that code calls back into your code",
      value: (id) => own()[id] ?? 0,
      format: (v) => pct(all())(v),
      width: PCT_WIDTH + 14,
    });
  cols.push({
    key: 'samples',
    title: 'Samples',
    tooltip: 'Samples with this row on the stack',
    value: (id) => tree().total[id],
    format: (v) => samplesText(v).replace(/ samples?$/, ''),
    width: SAMPLES_WIDTH,
  });
  return cols;
}

/**
 * Columns of an inverted tree (bottom-up, callers): a row's figure is the samples through its chain of callers,
 * so a bottom-up root's figure is its function's self time; "self" would only count stacks ending at the thread.
 */
function invertedColumns(tree: () => CallTreeColumns, all: () => number, title: string, tooltip: string): TreeColumn[] {
  return [
    { key: 'total', title, tooltip, value: (id) => tree().total[id], format: (v) => pct(all())(v), width: PCT_WIDTH },
    {
      key: 'samples',
      title: 'Samples',
      tooltip,
      value: (id) => tree().total[id],
      format: (v) => samplesText(v).replace(/ samples?$/, ''),
      width: SAMPLES_WIDTH,
    },
  ];
}

function targetOf(tree: CallTreeColumns, input: ViewInput, id: number, node: number | null): RowTarget {
  const view = { tree, frames: input.model.frames };
  return {
    frame: tree.frame[id],
    line: tree.line[id] > 0 ? tree.line[id] : 0,
    node,
    details: nodeDetails(view, input.workspaceRoot, id, input.model.allSamples),
  };
}

/** The details say a function's own total and self (over every call site, once per sample), not one node's. */
function withFunctionFigures(details: NodeDetails, row: FunctionRow | undefined, all: number): NodeDetails {
  if (row) {
    details.total = `total ${samplesText(row.total)} (${percent(row.total, all)})`;
    details.self = `self ${samplesText(row.self)} (${percent(row.self, all)})`;
  }
  return details;
}

/**
 * A row of an inverted tree (bottom-up, callers) stands for a function: its node's "self" counts only the stacks
 * that end at the thread (0 for nearly every row), so the details give the function's own figures.
 */
function invertedTargetOf(tree: CallTreeColumns, input: ViewInput, id: number): RowTarget {
  const t = targetOf(tree, input, id, null);
  const row = input.model.functions().find((r) => r.frame === t.frame);
  withFunctionFigures(t.details, row, input.model.allSamples);
  return t;
}

/** Top-down: the threads, then what each calls, heaviest first; the hot path opens. */
export class CallTreeView implements PanelView {
  readonly element = el('section', { class: 'rf-view rf-calltree', 'aria-label': 'Call tree' });
  private readonly table: TreeTable;
  private input: ViewInput | null = null;
  private version = -1;
  private tree: CallTreeColumns | null = null;
  private own: Float64Array = new Float64Array(0);

  constructor(events: ViewEvents) {
    const cols = numberColumns(
      () => this.tree!,
      () => this.input!.model.allSamples,
      () => this.own,
    );
    const target = (id: number) => targetOf(this.tree!, this.input!, id, this.input!.search.trim() ? null : id);
    this.table = new TreeTable(this.element, {
      columns: cols,
      ariaLabel: 'Call tree',
      onSelect: (id) => events.selected(target(id)),
      onOpen: (id) => events.open(target(id)),
      onContextMenu: (id, x, y) => events.menu(target(id), x, y),
    });
  }

  show(input: ViewInput): void {
    this.input = input;
    const { tree, index } = input.model.searched(input.search);
    if (input.version !== this.version) {
      this.version = input.version;
      this.tree = tree;
      this.own = input.search.trim() ? ownSelf(tree, input.model.frames).byNode : input.model.ownSelfByNode();
      this.table.setSource(
        callTreeSource(tree, index, input.model.frames, (f) => input.model.shortName(f)),
        { expandHotPath: true },
      );
    }
    const f = input.selectedFrame;
    if (f === null) return;
    const current = this.table.selected();
    if (current !== null && tree.frame[current] === f) return;
    let best = -1;
    for (let v = 1; v < tree.frame.length; v++) if (tree.frame[v] === f && (best < 0 || tree.total[v] > tree.total[best])) best = v;
    if (best > 0) this.table.revealPath(ancestorChain(tree, best).slice(1));
  }

  focus(): void {
    this.table.focus();
  }
}

/** Bottom-up: every function by its self samples, each expanding into its callers. */
export class BottomUpView implements PanelView {
  readonly element = el('section', { class: 'rf-view rf-bottomup', 'aria-label': 'Bottom-up' });
  private readonly table: TreeTable;
  private input: ViewInput | null = null;
  private version = -1;
  private tree: CallTreeColumns | null = null;

  constructor(events: ViewEvents) {
    const cols = invertedColumns(
      () => this.tree!,
      () => this.input!.model.allSamples,
      'Self',
      "A function row: the samples in that function's own code. Below it, the samples it spent when called through that chain of callers",
    );
    const target = (id: number) => invertedTargetOf(this.tree!, this.input!, id);
    this.table = new TreeTable(this.element, {
      columns: cols,
      ariaLabel: 'Bottom-up: functions by self time, expanding into their callers',
      onSelect: (id) => events.selected(target(id)),
      onOpen: (id) => events.open(target(id)),
      onContextMenu: (id, x, y) => events.menu(target(id), x, y),
    });
  }

  show(input: ViewInput): void {
    this.input = input;
    const inv = input.model.bottomUp(input.search);
    if (input.version !== this.version) {
      this.version = input.version;
      this.tree = inv.tree;
      this.table.setSource(
        invertedSource(inv, input.model.frames, (f) => input.model.shortName(f)),
        { expandHotPath: false },
      );
    }
    const f = input.selectedFrame;
    if (f === null) return;
    const current = this.table.selected();
    if (current !== null && inv.tree.frame[current] === f) return;
    const root = inv.children(0).find((id) => inv.tree.frame[id] === f);
    if (root !== undefined) this.table.revealPath([root]);
  }

  focus(): void {
    this.table.focus();
  }
}

/** Caller/callee: who calls the selected function (above) and what it calls (below), each sample once. */
export class CallersView implements PanelView {
  readonly element = el('section', { class: 'rf-view rf-callers', 'aria-label': 'Caller/callee' });
  private readonly heading = el('div', { class: 'rf-sandwich-head' });
  private readonly callersBox = el('div', { class: 'rf-sandwich-half rf-sandwich-callers', 'aria-label': 'Callers' });
  private readonly calleesBox = el('div', { class: 'rf-sandwich-half rf-sandwich-callees', 'aria-label': 'Callees' });
  private readonly callers: TreeTable;
  private readonly callees: TreeTable;
  private input: ViewInput | null = null;
  private key = '';
  private callersTree: CallTreeColumns | null = null;
  private calleesTree: CallTreeColumns | null = null;
  /** The function in the middle of the sandwich. */
  private centre: number | null = null;
  /**
   * A function selected by a click or a key in this view's own rows: the view stays centred where it is, so
   * the callers can be browsed (selecting a row re-centred on it, and the rows just opened were gone).
   */
  private selectedHere: number | null = null;

  constructor(events: ViewEvents) {
    this.element.append(
      this.heading,
      el('div', { class: 'rf-sandwich-label' }, 'Callers (who calls it)'),
      this.callersBox,
      el('div', { class: 'rf-sandwich-label' }, 'Callees (what it calls)'),
      this.calleesBox,
    );
    const all = () => this.input!.model.allSamples;
    const on = (tree: () => CallTreeColumns, inverted: boolean) => {
      const target = (id: number) => (inverted ? invertedTargetOf(tree(), this.input!, id) : targetOf(tree(), this.input!, id, null));
      const here = (t: RowTarget) => {
        this.selectedHere = t.frame;
        return t;
      };
      return {
        onSelect: (id: number) => events.selected(here(target(id))),
        onOpen: (id: number) => events.open(target(id)),
        onContextMenu: (id: number, x: number, y: number) => events.menu(here(target(id)), x, y),
      };
    };
    this.callers = new TreeTable(this.callersBox, {
      columns: invertedColumns(
        () => this.callersTree!,
        all,
        'Total',
        'Samples with the selected function on the stack, called through this chain of callers (each sample once, even under recursion)',
      ),
      ariaLabel: 'Callers of the selected function',
      ...on(() => this.callersTree!, true),
    });
    this.callees = new TreeTable(this.calleesBox, {
      columns: numberColumns(() => this.calleesTree!, all),
      ariaLabel: 'Callees of the selected function',
      ...on(() => this.calleesTree!, false),
    });
  }

  /** Centre on the selected function at the next show, even when it was selected in this view ("Show callers and callees"). */
  recentre(): void {
    this.selectedHere = null;
  }

  show(input: ViewInput): void {
    this.input = input;
    const model = input.model;
    const keep = this.centre !== null && input.selectedFrame !== null && input.selectedFrame === this.selectedHere;
    // No selection yet: the function with the most self time, as the bottom-up's first row.
    const f = keep
      ? this.centre
      : (input.selectedFrame ??
        (() => {
          const inv = model.bottomUp(input.search);
          const first = inv.children(0)[0];
          return first === undefined ? null : inv.tree.frame[first];
        })());
    this.selectedHere = null;
    this.centre = f;
    const key = `${input.version}\u0000${f}`;
    if (key === this.key) return;
    this.key = key;
    if (f === null) {
      setText(this.heading, 'Select a function in any view to see its callers and callees.');
      return;
    }
    const s = model.sandwich(f, input.search);
    const name = model.frames[f]?.name ?? '[unknown]';
    setText(
      this.heading,
      `${model.shortName(f)} — total ${samplesText(s.total)} (${percent(s.total, model.allSamples)}), self ${samplesText(s.self)}`,
    );
    this.heading.title = name;
    this.callersTree = s.callers.tree;
    this.calleesTree = s.callees.tree;
    const short = (fr: number) => model.shortName(fr);
    const callers = invertedSource(s.callers, model.frames, short, 1);
    const callees = calleeSource(s.callees, model.frames, short);
    this.callers.setSource(callers, { expandHotPath: true });
    this.callees.setSource(callees, { expandHotPath: true });
    // The function itself stays in view at the top of each half, its hot path opened below it.
    this.callers.revealPath(callers.roots().slice(0, 1));
    this.callees.revealPath(callees.roots().slice(0, 1));
  }

  focus(): void {
    this.callers.focus();
  }
}

/** The Functions table: sortable by any column, filtered by the search box. */
export class FunctionsView implements PanelView {
  readonly element = el('section', { class: 'rf-view rf-functions', 'aria-label': 'Functions' });
  private readonly table: TreeTable;
  private input: ViewInput | null = null;
  private key = '';
  private rows: ReturnType<typeof sortFunctionRows> = [];
  private sort: { key: FunctionSortKey; ascending: boolean } = { key: 'total', ascending: false };

  constructor(events: ViewEvents) {
    const all = () => this.input!.model.allSamples;
    const col = (key: FunctionSortKey, title: string, tooltip: string): TreeColumn => ({
      key,
      title,
      tooltip,
      value: (i) => this.rows[i][key] as number,
      format: (v) => pct(all())(v),
      width: key === 'ownSelf' ? PCT_WIDTH + 30 : PCT_WIDTH + 12, // room for the sort arrow
      sortable: true,
    });
    const target = (i: number): RowTarget => {
      const r = this.rows[i];
      const m = this.input!.model;
      const node = m.hottestNodeOfFrame(r.frame);
      const details = withFunctionFigures(
        nodeDetails(m.transformed, this.input!.workspaceRoot, Math.max(node, 0), m.allSamples),
        r,
        m.allSamples,
      );
      return { frame: r.frame, line: r.line ?? 0, node: null, details };
    };
    this.table = new TreeTable(this.element, {
      columns: [
        col('total', 'Total', 'Samples with this function on the stack (once per sample, even under recursion)'),
        col('self', 'Self', "Samples in this function's own code"),
        col(
          'ownSelf',
          'Self+libs',
          "Self with libraries: samples in this function's own code plus the std, dependency and system code it calls, until that code calls back into your code",
        ),
        {
          key: 'samples',
          title: 'Samples',
          tooltip: 'Samples with this function on the stack',
          value: (i) => this.rows[i].total,
          format: (v) => samplesText(v).replace(/ samples?$/, ''),
          width: SAMPLES_WIDTH,
        },
      ],
      ariaLabel: 'Functions',
      onSelect: (i) => events.selected(target(i)),
      onOpen: (i) => events.open(target(i)),
      onContextMenu: (i, x, y) => events.menu(target(i), x, y),
      onSort: (key) => {
        const k = key as FunctionSortKey;
        this.sort = { key: k, ascending: this.sort.key === k ? !this.sort.ascending : k === 'name' || k === 'file' };
        this.key = '';
        if (this.input) this.show(this.input);
      },
    });
  }

  show(input: ViewInput): void {
    this.input = input;
    const key = `${input.version}\u0000${this.sort.key}\u0000${this.sort.ascending}`;
    if (key !== this.key) {
      this.key = key;
      this.rows = sortFunctionRows(filterFunctionRows(input.model.functions(), input.search), this.sort.key, this.sort.ascending);
      this.table.setSource(
        functionsSource(this.rows, (f) => input.model.shortName(f)),
        {
          sortKey: this.sort.key,
          ascending: this.sort.ascending,
        },
      );
    }
    const f = input.selectedFrame;
    if (f === null) return;
    const current = this.table.selected();
    if (current !== null && this.rows[current]?.frame === f) return;
    const i = this.rows.findIndex((r) => r.frame === f);
    if (i >= 0) this.table.revealPath([i]);
  }

  focus(): void {
    this.table.focus();
  }
}
