// The extension's own language id. Not `apacheconf`: grammar-only Apache extensions use that id
// for every `*.conf` (nginx's too), and the language server must see only httpd's files.
export const LANGUAGE_ID = 'apache-httpd';
