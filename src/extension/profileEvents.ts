// The seam between the profiling side of the extension (commands, panel) and
// the profile lenses (language client): the panel side fires these, the lens
// side listens. Neither imports the other.
import * as vscode from 'vscode';

export interface ProfileLoadedEvent {
  /** Absolute path of the engine's profile.json that was just written or opened. */
  profileJson: string;
  /** The cargo workspace root it belongs to, when known. */
  workspaceRoot: string | null;
}

/** Fired after every profile recorded or opened in this window. */
export const profileLoaded = new vscode.EventEmitter<ProfileLoadedEvent>();

// What a `▶ Profile` lens asks for; defined with the language server's protocol, which builds it.
export type { ProfileTargetRequest } from '../protocol/lspProtocol';
