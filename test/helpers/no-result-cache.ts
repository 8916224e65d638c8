// Loaded by mocha (.mocharc.json) before every suite: the CLI processes the tests start run
// without the result cache, so a developer's ~/.cache/httpd-lint never answers for them and the
// tests never write there. test/cli/result-cache.test.ts turns it on for its own runs.
process.env.HTTPD_LINT_NO_CACHE = '1';
