import * as assert from 'assert';
import { DEBIAN_STATIC_MODULES, buildModel, memoryFileSystem } from '../../../server/src/model';
import { ROOT, model } from '../../helpers/trees';

describe('model', () => {
  it('follows Include globs relative to ServerRoot in httpd order (*.load before *.conf)', () => {
    const m = model({
      'apache2.conf': `
        IncludeOptional mods-enabled/*.load
        IncludeOptional mods-enabled/*.conf
        Include ports.conf
      `,
      'mods-enabled/b.load': 'LoadModule b_module x.so\n',
      'mods-enabled/a.load': 'LoadModule a_module x.so\n',
      'mods-enabled/a.conf': '# a\n',
      'mods-enabled/.hidden.load': 'LoadModule hidden_module x.so\n',
      'ports.conf': 'Listen 80\n',
    }, 'apache2.conf');
    assert.deepStrictEqual(m.files.map((f) => f.slice(ROOT.length + 1)), ['apache2.conf', 'mods-enabled/a.load', 'mods-enabled/b.load', 'mods-enabled/a.conf', 'ports.conf']);
    assert.ok(!m.modules.has('hidden_module'));
  });

  it('reports an Include that matches nothing; an IncludeOptional of a missing folder is a note, of an empty match nothing', () => {
    const m = model({ 'httpd.conf': 'Include missing.conf\nIncludeOptional nothing/*.conf\nInclude conf.d/*.conf\nIncludeOptional conf.d/*.load\n', 'conf.d/readme.txt': 'x' });
    assert.deepStrictEqual(m.problems.map((p) => [p.code, p.severity, p.line, p.message]), [
      ['include-not-found', 'error', 0, `Could not open configuration file ${ROOT}/missing.conf: No such file or directory`],
      ['include-not-found', 'information', 1, `${ROOT}/nothing does not exist here: httpd skips this IncludeOptional, and no module or directive it would read counts.`],
      ['include-not-found', 'error', 2, `Include/IncludeOptional: No matches for the wildcard '*.conf' in '${ROOT}/conf.d', failing`],
    ]);
  });

  it('includes every file of a directory, sorted', () => {
    const m = model({ 'httpd.conf': 'Include conf.d\n', 'conf.d/b': 'Listen 2\n', 'conf.d/a.txt': 'Listen 1\n' });
    assert.deepStrictEqual(m.files.map((f) => f.slice(ROOT.length + 1)), ['httpd.conf', 'conf.d/a.txt', 'conf.d/b']);
  });

  it('stops an include cycle with a diagnostic instead of hanging', () => {
    const m = model({ 'httpd.conf': 'Include a.conf\n', 'a.conf': 'Include b.conf\n', 'b.conf': 'Include a.conf\n' });
    assert.deepStrictEqual(m.problems.map((p) => [p.code, p.file.slice(ROOT.length + 1)]), [['include-cycle', 'a.conf'], ['include-cycle', 'b.conf']]);
    assert.match(m.problems[0].message, /a\.conf -> b\.conf -> a\.conf/);
  });

  it('survives a glob matching thousands of files', () => {
    const files: Record<string, string> = { 'httpd.conf': 'IncludeOptional many/*.conf\n' };
    for (let i = 0; i < 3000; i++) files[`many/f${String(i).padStart(4, '0')}.conf`] = `Define V${i} ${i}\n`;
    const m = model(files);
    assert.strictEqual(m.files.length, 3001);
    assert.strictEqual(m.defines.get('V2999')?.value, '2999');
  });

  it('evaluates IfModule against the modules loaded so far, in read order', () => {
    const m = model({
      'httpd.conf': `
        <IfModule rewrite_module>
            Define EARLY
        </IfModule>
        LoadModule rewrite_module modules/mod_rewrite.so
        <IfModule mod_rewrite.c>
            Define LATE
        </IfModule>
        <IfModule !mod_headers.c>
            Define NO_HEADERS
        </IfModule>
        <IfModule mod_rewrite>
            Define WRONG_FORM
        </IfModule>
      `,
    });
    assert.deepStrictEqual([...m.defines.keys()].sort(), ['LATE', 'NO_HEADERS']);
    const inactive = m.uses.filter((u) => !u.active).map((u) => u.args[0]);
    assert.deepStrictEqual(inactive, ['EARLY', 'WRONG_FORM']);
  });

  it('substitutes Define and envvars variables, and warns on undefined ones', () => {
    const m = model({
      'apache2.conf': `
        Define ROOTDIR /var/www
        DocumentRoot \${ROOTDIR}/html
        ErrorLog \${APACHE_LOG_DIR}/error.log
        CustomLog \${NOPE}/access.log combined
      `,
      envvars: 'export APACHE_LOG_DIR=/var/log/apache2$SUFFIX\n',
    }, 'apache2.conf');
    const args = (key: string) => m.uses.find((u) => u.key === key)?.args;
    assert.deepStrictEqual(args('documentroot'), ['/var/www/html']);
    assert.deepStrictEqual(args('errorlog'), ['/var/log/apache2/error.log']);
    assert.deepStrictEqual(args('customlog'), ['${NOPE}/access.log', 'combined']);
    assert.deepStrictEqual(m.problems.map((p) => [p.code, p.message]), [['undefined-variable', 'Config variable ${NOPE} is not defined']]);
  });

  it('keeps ${map:key} as written without a warning, as httpd does (RewriteMap lookups in RewriteCond and RewriteRule)', () => {
    const m = model({ 'httpd.conf': 'RewriteMap lc int:tolower\nRewriteCond ${lc:%{HTTP_HOST}} ^www\\. [NC]\nRewriteRule ^/(.*) ${lc:$1}\nServerAdmin ${a:b}\n' });
    assert.deepStrictEqual(m.uses.find((u) => u.key === 'rewriterule')?.args, ['^/(.*)', '${lc:$1}']);
    assert.deepStrictEqual(m.problems.filter((p) => p.code === 'undefined-variable'), []);
  });

  it('honours IfDefine with -D and Define, and IfVersion against the configured version', () => {
    const m = model({
      'httpd.conf': `
        <IfDefine SSL>
            Define A
        </IfDefine>
        <IfDefine !SSL>
            Define B
        </IfDefine>
        <IfVersion >= 2.4.10>
            Define C
        </IfVersion>
        <IfVersion < 2.4>
            Define D
        </IfVersion>
      `,
    }, 'httpd.conf', { defines: ['SSL'], version: '2.4.62' });
    assert.deepStrictEqual([...m.defines.keys()].sort(), ['A', 'C']);
  });

  it('treats -D NAME=VALUE as httpd does (one name) and also sets ${NAME}', () => {
    const m = model({ 'httpd.conf': '<IfDefine PORT>\nDefine WRONG\n</IfDefine>\nListen ${PORT}\n' }, 'httpd.conf', { defines: ['PORT=8080'] });
    assert.ok(!m.defines.has('WRONG'));
    assert.deepStrictEqual(m.uses.find((u) => u.key === 'listen')?.args, ['8080']);
  });

  it('knows the MPM, the in-process language modules and PHP-FPM', () => {
    const prefork = model({ 'httpd.conf': 'LoadModule mpm_prefork_module m.so\nLoadModule php_module libphp8.2.so\n' });
    assert.strictEqual(prefork.mpm, 'prefork');
    assert.deepStrictEqual(prefork.languageModules.map((l) => [l.identifier, l.inProcess]), [['php_module', true]]);
    const fpm = model({
      'httpd.conf': `
        LoadModule mpm_event_module m.so
        LoadModule proxy_module m.so
        LoadModule proxy_fcgi_module m.so
        <FilesMatch "\\.php$">
            SetHandler "proxy:unix:/run/php/php8.2-fpm.sock|fcgi://localhost"
        </FilesMatch>
      `,
    });
    assert.strictEqual(fpm.mpm, 'event');
    assert.deepStrictEqual(fpm.languageModules, []);
    assert.strictEqual(fpm.phpFpm?.line, 4);
    const two = model({ 'httpd.conf': 'LoadModule mpm_prefork_module m.so\nLoadModule mpm_event_module m.so\n' });
    assert.strictEqual(two.mpm, null);
    assert.strictEqual(two.mpmModules.length, 2);
  });

  it('treats mod_wsgi in daemon mode as out of process', () => {
    const m = model({ 'httpd.conf': 'LoadModule wsgi_module mod_wsgi.so\nWSGIDaemonProcess app\nWSGIProcessGroup app\n' });
    assert.deepStrictEqual(m.languageModules.map((l) => [l.kind, l.inProcess]), [['wsgi', false]]);
  });

  it('refuses a LoadModule of a compiled-in module and warns on a duplicate', () => {
    const m = model({ 'httpd.conf': 'LoadModule log_config_module /usr/lib/apache2/modules/mod_log_config.so\nLoadModule rewrite_module m.so\nLoadModule rewrite_module m.so\n' });
    assert.deepStrictEqual(m.problems.map((p) => [p.code, p.severity, p.line]), [
      ['module-builtin', 'error', 0],
      ['module-duplicate', 'warning', 2],
    ]);
  });

  it('follows the build of a ServerRoot that compiles in only the core (RHEL, upstream, FreeBSD), unless a list is set', () => {
    const loads = 'LoadModule log_config_module modules/mod_log_config.so\nLoadModule unixd_module modules/mod_unixd.so\n';
    const builtins = (m: ReturnType<typeof model>) => m.problems.filter((p) => p.code === 'module-builtin').map((p) => p.line);
    for (const root of ['/etc/httpd', '/usr/local/apache2', '"/usr/local/apache2/"']) {
      const m = model({ 'httpd.conf': `ServerRoot ${root}\n${loads}` });
      assert.deepStrictEqual(builtins(m), [], root);
      assert.strictEqual(m.modules.get('log_config_module')?.isStatic, false, root);
      assert.strictEqual(m.modules.get('so_module')?.isStatic, true, root);
    }
    assert.deepStrictEqual(builtins(model({ 'httpd.conf': `ServerRoot /etc/apache2\n${loads}` })), [1, 2]);
    // An explicit list wins, Debian's included; a ServerRoot after the first LoadModule changes nothing.
    assert.deepStrictEqual(builtins(model({ 'httpd.conf': `ServerRoot /etc/httpd\n${loads}` }, 'httpd.conf', { staticModules: [...DEBIAN_STATIC_MODULES] })), [1, 2]);
    assert.deepStrictEqual(builtins(model({ 'httpd.conf': `LoadModule rewrite_module m.so\nServerRoot /etc/httpd\n${loads}` })), [2, 3]);
    // macOS's own httpd and Slackware's: ServerRoot "/usr", every module loaded.
    assert.deepStrictEqual(builtins(model({ 'httpd.conf': `ServerRoot "/usr"\n${loads.replace(/modules\//g, 'libexec/apache2/')}` })), []);
  });

  it('takes a tree that names no build and loads log_config from its own folder for a build that loads it (the httpd image, a buildpack)', () => {
    const loads = 'LoadModule authz_core_module modules/mod_authz_core.so\nLoadModule log_config_module modules/mod_log_config.so\nLoadModule unixd_module modules/mod_unixd.so\n';
    const builtins = (m: ReturnType<typeof model>) => m.problems.filter((p) => p.code === 'module-builtin').map((p) => p.line);
    // docker/apache/httpd.conf without ServerRoot (the image's -d), a lone modules fragment, Apache Lounge's relative ${SRVROOT}.
    const plain = model({ 'httpd.conf': loads });
    assert.deepStrictEqual(builtins(plain), []);
    assert.strictEqual(plain.modules.get('log_config_module')?.isStatic, false);
    assert.strictEqual(plain.modules.get('version_module'), undefined, "Debian's other compiled-in modules go with its build");
    assert.deepStrictEqual(builtins(model({ 'extra/modules.conf': loads }, 'extra/modules.conf', { moduleStateKnown: false })), []);
    assert.deepStrictEqual(builtins(model({ 'httpd.conf': `Define SRVROOT "./"\nServerRoot "\${SRVROOT}"\n${loads}` })), []);
    // Debian's own: its module folder, its apache2.conf or envvars, -d, a list of compiled-in modules, an absolute ServerRoot.
    assert.deepStrictEqual(builtins(model({ 'httpd.conf': loads.replace(/modules\//g, '/usr/lib/apache2/modules/') })), [1, 2]);
    assert.deepStrictEqual(builtins(model({ 'apache2.conf': loads }, 'apache2.conf')), [1, 2]);
    assert.deepStrictEqual(builtins(model({ 'httpd.conf': loads, envvars: 'export APACHE_RUN_USER=www-data\n' })), [1, 2]);
    assert.deepStrictEqual(builtins(model({ 'httpd.conf': loads }, 'httpd.conf', { serverRoot: ROOT })), [1, 2]);
    assert.deepStrictEqual(builtins(model({ 'httpd.conf': loads }, 'httpd.conf', { staticModules: [...DEBIAN_STATIC_MODULES] })), [1, 2]);
    assert.deepStrictEqual(builtins(model({ 'httpd.conf': `ServerRoot /srv/www\n${loads}` })), [2, 3]);
  });

  it('refuses a LoadModule whose library needs a module not loaded before it, as the dynamic linker does', () => {
    const m = model({ 'httpd.conf': 'LoadModule proxy_http_module /m/mod_proxy_http.so\nLoadModule proxy_module /m/mod_proxy.so\nLoadModule dav_module /m/mod_dav.so\nLoadModule dav_fs_module /m/mod_dav_fs.so\n' });
    assert.deepStrictEqual(m.problems.map((p) => [p.code, p.line, p.message]), [
      ['module-load-order', 0, 'Cannot load /m/mod_proxy_http.so into server: /m/mod_proxy_http.so: undefined symbol: ap_proxy_location_reverse_map'],
    ]);
    // Kept as loaded, so its directives are not refused on top.
    assert.ok(m.modules.has('proxy_http_module'));
  });

  it('names a LoadModule library missing from a module folder of this machine, and says nothing of a folder that is not here', () => {
    const modules = { 'modules/mod_rewrite.so': '', 'modules/libphp8.2.so': '', 'modules/mod_cgid.so': '' };
    const loads = 'LoadModule rewrite_module modules/mod_rewite.so\nLoadModule php_module modules/libphp8.1.so\nLoadModule fcgid_module modules/mod_fcgid.so\nLoadModule dav_module /elsewhere/mod_dav.so\nLoadModule status_module modules/mod_rewrite.so\n';
    const m = model({ 'httpd.conf': loads, ...modules });
    const missing = (x: typeof m) => x.problems.filter((p) => p.code === 'module-file-missing').map((p) => [p.line, p.severity, p.message]);
    assert.deepStrictEqual(missing(m), [
      [0, 'warning', 'modules/mod_rewite.so: no such file, so httpd refuses this line ("Cannot load … into server"). Did you mean mod_rewrite.so?'],
      [1, 'warning', 'modules/libphp8.1.so: no such file, so httpd refuses this line ("Cannot load … into server"). Did you mean libphp8.2.so?'],
      // One letter from mod_cgid.so, but a module of its own (libapache2-mod-fcgid) that this machine lacks.
      [2, 'information', 'modules/mod_fcgid.so is not on this machine: httpd here refuses it ("Cannot load … into server"). Fine if the target server has it.'],
    ]);
    // Still counted as loaded: the tree may be meant for a server that has it.
    assert.ok(m.modules.has('fcgid_module'));
    // A folder without libraries (not where this machine keeps modules) and a lone fragment's relative path say nothing.
    assert.deepStrictEqual(missing(model({ 'httpd.conf': loads, 'modules/README': '' })), []);
    assert.deepStrictEqual(missing(model({ 'httpd.conf': loads, ...modules }, 'httpd.conf', { moduleStateKnown: false })), []);
  });

  it('takes another version of a library in a copy of a tree (a checkout) for the server\'s own version, not a typo', () => {
    const files = { '/usr/lib/apache2/modules/libphp8.2.so': '', '/usr/lib/apache2/modules/mod_rewrite.so': '' };
    const text = 'LoadModule php_module /usr/lib/apache2/modules/libphp7.4.so\nLoadModule rewrite_module /usr/lib/apache2/modules/mod_rewite.so\n';
    const at = (main: string) => buildModel({ mainFile: main, fs: memoryFileSystem({ ...files, [main]: text }), env: {} })
      .problems.filter((p) => p.code === 'module-file-missing').map((p) => [p.line, p.severity]);
    assert.deepStrictEqual(at('/repo/etc/apache2/apache2.conf'), [[0, 'information'], [1, 'warning']]);
    // In place, on the machine whose PHP was upgraded, the old version is a line left behind.
    assert.deepStrictEqual(at('/etc/apache2/apache2.conf'), [[0, 'warning'], [1, 'warning']]);
  });

  it('records the scope of each directive', () => {
    const m = model({ 'httpd.conf': '<VirtualHost *:80>\n<Directory /x>\nRequire all granted\n</Directory>\nServerName a\n</VirtualHost>\n' });
    assert.deepStrictEqual(m.uses.map((u) => [u.name, u.scope]), [
      ['VirtualHost', 'server'],
      ['Directory', 'vhost'],
      ['Require', 'directory'],
      ['ServerName', 'vhost'],
    ]);
  });
});
