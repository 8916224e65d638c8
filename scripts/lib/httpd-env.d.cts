/** The environment for `apache2` with its run, lock and log folders made under `scratch`. */
export function httpdEnvironment(scratch: string): Record<string, string | undefined>;
