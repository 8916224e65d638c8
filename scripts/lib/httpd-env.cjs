// Debian's apache2 takes its run user, pid file and log/lock/run folders from the APACHE_*
// variables that apache2ctl reads from /etc/apache2/envvars. Running the binary directly (the
// oracle tests, the benchmark, the data scripts) needs them set, here to private scratch folders.
const fs = require('node:fs');
const path = require('node:path');

/** The environment for `apache2` with its run, lock and log folders made under `scratch`. */
function httpdEnvironment(scratch) {
  const dir = (name) => path.join(scratch, name);
  for (const name of ['run', 'lock', 'log']) fs.mkdirSync(dir(name), { recursive: true });
  return {
    PATH: process.env.PATH,
    APACHE_RUN_USER: 'www-data',
    APACHE_RUN_GROUP: 'www-data',
    APACHE_RUN_DIR: dir('run'),
    APACHE_PID_FILE: path.join(dir('run'), 'apache2.pid'),
    APACHE_LOCK_DIR: dir('lock'),
    APACHE_LOG_DIR: dir('log'),
    LANG: 'C',
  };
}

module.exports = { httpdEnvironment };
