// The offline flamegraph.html: the profile is embedded in the page as
// <script type="application/json" id="rf-profile"> (never executed, read with
// JSON.parse), the title is the document's title, and the view lives in
// location.hash so a reload or a shared link keeps it.

import { parseProfile } from '../../src/model/parseProfile';
import { viewStateFromHash, viewStateToHash } from '../model/hashState';
import { FlamegraphApp } from './app';

export const PROFILE_ELEMENT_ID = 'rf-profile';

export function startStandalone(parent: HTMLElement): FlamegraphApp {
  const app = new FlamegraphApp(parent, {
    audience: 'terminal',
    viewChanged(state) {
      const hash = viewStateToHash(state);
      history.replaceState(null, '', hash || location.pathname + location.search);
    },
  });
  const data = document.getElementById(PROFILE_ELEMENT_ID)?.textContent;
  const parsed = data ? parseProfile(data) : undefined;
  if (!parsed?.ok) {
    app.showProblem('This page holds no readable profile. Write it again with rust-flamegraph record or report.');
    return app;
  }
  app.showProfile(document.title, parsed.profile, viewStateFromHash(location.hash));
  return app;
}
