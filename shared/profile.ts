// The server profile as data: the language server sends it, the client renders it. Types only;
// both processes import this file and it imports neither (see docs/ARCHITECTURE.md).

export type ProfileSeverity = 'error' | 'warning' | 'information' | 'hint';

/** A place in the configuration: 0-based line, and how the profile prints it ("conf/httpd.conf:12"). */
export interface ProfileLocation {
  file: string;
  line: number;
  label: string;
}

/** One fact: a label, its value, and where it was set (or a note such as "default"). */
export interface ProfileRow {
  label: string;
  value: string;
  where?: ProfileLocation;
  note?: string;
}

export interface ProfileSection {
  title: string;
  rows: ProfileRow[];
}

export interface ProfileFinding {
  severity: ProfileSeverity;
  code: string;
  message: string;
  where: ProfileLocation;
}

/** The profile as data: the CLI prints it, the editor renders it; neither adds facts of its own. */
export interface ServerProfile {
  label: string;
  mainConfig: string;
  serverRoot: string;
  mpm: string | null;
  modules: string[];
  /** Where the list of loaded modules stops being known (an Include that could not be read), when it does. */
  modulesUnknownAfter?: ProfileLocation;
  languageModules: string[];
  sections: ProfileSection[];
  /** Most severe first, then by file and line; at most MAX_PROFILE_FINDINGS. */
  findings: ProfileFinding[];
  findingCounts: Record<ProfileSeverity, number>;
  /** Findings left out after the first MAX_PROFILE_FINDINGS. */
  findingsOmitted: number;
}
