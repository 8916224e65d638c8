// A failed file operation in httpd's words. A leaf module (it imports nothing) so the CLI's
// result-cache check, which runs before the analysis bundle loads, can use it too.

/** httpd-style error text: "No such file or directory", "Permission denied". */
export function describeError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'No such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'Permission denied';
    case 'ENOTDIR':
      return 'Not a directory';
    case 'ELOOP':
      return 'Too many levels of symbolic links';
    case 'EAGAIN':
      return 'Resource temporarily unavailable';
    case 'ENXIO':
      return 'No such device or address';
    default:
      return (e as Error)?.message ?? String(e);
  }
}
