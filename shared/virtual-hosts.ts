// The virtual hosts of a tree as data, grouped like `httpd -S`: the language server sends it, the
// client's tree view shows it. Types only; both processes import this file and it imports neither.

/** A fact of a host with the place that sets it (0-based line), or none for a default. */
export interface VirtualHostDetail {
  label: string;
  value: string;
  file?: string;
  line?: number;
}

export interface VirtualHostEntry {
  /** ServerName, or what httpd would call it without one. */
  name: string;
  /** The first host of its address: it answers requests whose Host matches no name there. */
  default: boolean;
  aliases: string[];
  file: string;
  line: number;
  details: VirtualHostDetail[];
}

export interface VirtualHostAddress {
  /** The address as written in <VirtualHost> ("*:80", "192.0.2.1:443", "_default_:443"). */
  address: string;
  hosts: VirtualHostEntry[];
}

export interface VirtualHostsView {
  mainFile: string;
  addresses: VirtualHostAddress[];
  /** The main server: it answers connections no <VirtualHost> address takes. */
  mainServer: VirtualHostEntry;
}
