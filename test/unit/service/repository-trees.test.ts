// Trees kept in a repository: a server's files without what the server adds around them
// (mods-enabled links, Debian's envvars, files left out of the checkout).
import * as assert from 'assert';
import { memoryFileSystem } from '../../../server/src/model';
import { createApacheService } from '../../../server/src/service';
import { readSettings } from '../../../server/src/service/settings';

const MPM = 'LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\n';

function check(files: Record<string, string>, file: string) {
  const service = createApacheService({ fs: memoryFileSystem(files), settings: readSettings({}), env: {}, roots: ['/repo'], configFile: null });
  service.refresh();
  const fa = service.analyzeFile(file);
  const findings = service.diagnostics(fa.analysis, fa.modelFile);
  return { service, fa, findings, codes: findings.map((f) => `${f.severity} ${f.code} ${f.line + 1}`) };
}

describe('trees kept in a repository', () => {
  it('an Include that cannot be read is the one error: what it would load is unknown, so no module errors pile on', () => {
    const { codes, fa } = check({ '/repo/apache2/apache2.conf': 'Include mods.conf\nServerName a\n<Directory />\n  Require all denied\n</Directory>\n' }, '/repo/apache2/apache2.conf');
    assert.deepStrictEqual(codes.filter((c) => c.startsWith('error')), ['error include-not-found 1']);
    assert.strictEqual(fa.analysis.model.moduleStateKnown, false);
    assert.deepStrictEqual(fa.analysis.model.modulesUnknownAfter?.line, 0);
  });

  it('an IncludeOptional of a folder that is not there gets a note, and the missing MPM stays an error (httpd says so too)', () => {
    const { codes, findings } = check({ '/repo/apache2/apache2.conf': 'IncludeOptional mods-enabled/*.load\nServerName a\nRewriteEngine on\n' }, '/repo/apache2/apache2.conf');
    assert.ok(codes.includes('information include-not-found 1'), codes.join('\n'));
    const noMpm = findings.find((f) => f.code === 'no-mpm');
    assert.match(noMpm?.message ?? '', /^No MPM loaded: mods-enabled\/ \(read at apache2\.conf:1\) is not in this tree\. Enable one: a2enmod mpm_event/);
    assert.ok((noMpm?.message.length ?? 0) <= 160);
    assert.deepStrictEqual(noMpm?.related?.map((r) => r.line), [0]);
    const rewrite = findings.find((f) => f.code === 'module-not-loaded');
    assert.match(rewrite?.message ?? '', /mod_rewrite is not loaded\. mods-enabled\/, which would load modules, is not in this tree \(apache2\.conf:1\)\.$/);
  });

  it("reads Debian's default envvars for an apache2.conf without one beside it", () => {
    const text = `${MPM}LoadModule unixd_module x.so\nUser \${APACHE_RUN_USER}\nErrorLog \${APACHE_LOG_DIR}/error.log\nPidFile \${APACHE_PID_FILE}\n`;
    const { codes, service, fa } = check({ '/repo/apache2-www/apache2.conf': text }, '/repo/apache2-www/apache2.conf');
    assert.deepStrictEqual(codes.filter((c) => c.includes('undefined-variable')), []);
    const hover = service.hover(fa, text.indexOf('APACHE_PID_FILE') + 2)?.markdown ?? '';
    assert.match(hover, /\/var\/run\/apache2-www\/apache2\.pid/);
    assert.match(hover, /Debian's default envvars/);
  });

  it("a lone vhost (docker/apache/vhost.conf) reads Debian's names and notes others as the includer's to define", () => {
    const text = '<VirtualHost *:80>\n  ErrorLog ${APACHE_LOG_DIR}/error.log\n  CustomLog ${SITE_LOGS}/access.log combined\n</VirtualHost>\n';
    const { codes, findings } = check({ '/repo/docker/apache/vhost.conf': text }, '/repo/docker/apache/vhost.conf');
    assert.deepStrictEqual(codes, ['information undefined-variable 3']);
    assert.match(findings[0].message, /^Config variable \$\{SITE_LOGS\} is not defined in this file: fine if the configuration that includes it defines it\.$/);
  });

  it("a fragment's values that wait for a variable (an envsubst template) are not checked; a whole tree's are", () => {
    const text = 'KeepAliveTimeout ${KEEP_ALIVE}\n';
    const lone = check({ '/repo/docker/apache/tuning.conf': text }, '/repo/docker/apache/tuning.conf');
    assert.deepStrictEqual(lone.codes, ['information undefined-variable 1']);
    const tree = check({ '/repo/conf/httpd.conf': `${MPM}${text}` }, '/repo/conf/httpd.conf');
    assert.ok(tree.codes.includes('error invalid-arguments 2'), tree.codes.join('\n'));
  });

  it('a ServerRoot from the environment (docker-compose) is unknown: no Debian build errors, relative Includes are guesses', () => {
    const text = `ServerRoot \${APACHE_ROOT_DIR}\nLoadModule mpm_event_module modules/mod_mpm_event.so\nLoadModule log_config_module modules/mod_log_config.so\nInclude conf/extra/vhosts.conf\n`;
    const { codes } = check({ '/repo/docker/apache/httpd.conf': text }, '/repo/docker/apache/httpd.conf');
    assert.deepStrictEqual(codes.filter((c) => !c.startsWith('information server-tokens') && !c.startsWith('information trace-enable')), ['warning undefined-variable 1', 'information include-not-found 4']);
  });

  it('an envvars beside apache2.conf wins, and another main file name gets no defaults', () => {
    const text = `${MPM}ErrorLog \${APACHE_LOG_DIR}/error.log\n`;
    const own = check({ '/repo/apache2/apache2.conf': text, '/repo/apache2/envvars': 'export APACHE_LOG_DIR=/srv/logs\n' }, '/repo/apache2/apache2.conf');
    assert.match(own.service.hover(own.fa, text.indexOf('APACHE_LOG_DIR') + 2)?.markdown ?? '', /\/srv\/logs/);
    const other = check({ '/repo/conf/httpd.conf': text }, '/repo/conf/httpd.conf');
    assert.ok(other.codes.some((c) => c.includes('undefined-variable')), other.codes.join('\n'));
  });

  it('a conf/httpd.conf without ServerRoot, or with a relative one (Apache Lounge), reads conf/extra/ from the folder above conf/', () => {
    const notes = (codes: string[]) => codes.filter((c) => !c.startsWith('information server-tokens') && !c.startsWith('information trace-enable'));
    const extra = { '/repo/conf/extra/httpd-vhosts.conf': '<VirtualHost *:80>\n  ServerName a.example\n</VirtualHost>\n' };
    for (const head of ['', 'Define SRVROOT "./"\nServerRoot "${SRVROOT}"\n', 'ServerRoot "."\n']) {
      const text = `${head}LoadModule mpm_event_module modules/mod_mpm_event.so\nInclude conf/extra/httpd-vhosts.conf\n`;
      const { codes, fa } = check({ '/repo/conf/httpd.conf': text, ...extra }, '/repo/conf/httpd.conf');
      assert.deepStrictEqual(notes(codes), [], head);
      assert.ok(fa.analysis.model.files.includes('/repo/conf/extra/httpd-vhosts.conf'), head);
    }
    // Includes found beside the main file keep that folder as the root.
    const beside = check({ '/repo/conf/httpd.conf': `${MPM}Include extra/httpd-vhosts.conf\n`, '/repo/conf/extra/httpd-vhosts.conf': 'ServerName a.example\n' }, '/repo/conf/httpd.conf');
    assert.deepStrictEqual(notes(beside.codes), []);
  });

  it('a source build\'s httpd.conf without an MPM line gets a warning: a plain make install compiles the MPM in', () => {
    const body = 'LoadModule authz_core_module modules/mod_authz_core.so\nLoadModule log_config_module modules/mod_log_config.so\nLoadModule unixd_module modules/mod_unixd.so\nListen 80\n';
    for (const head of ['', 'ServerRoot "/usr/local/apache2"\n']) {
      const { findings } = check({ '/repo/conf/httpd.conf': head + body }, '/repo/conf/httpd.conf');
      const noMpm = findings.filter((f) => f.code === 'no-mpm');
      assert.deepStrictEqual(noMpm.map((f) => f.severity), ['warning'], head);
      assert.match(noMpm[0].message, /fine only if this httpd compiles one in \(httpd -l lists event\.c/);
      assert.deepStrictEqual(findings.filter((f) => f.severity === 'error').map((f) => f.code), [], head);
    }
    // Debian's build (its module folder, apache2.conf) and packaged ones (RHEL's /etc/httpd load their MPM) keep httpd's error.
    const debian = check({ '/repo/apache2/apache2.conf': 'LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so\n' }, '/repo/apache2/apache2.conf');
    assert.deepStrictEqual(debian.findings.filter((f) => f.code === 'no-mpm').map((f) => f.severity), ['error']);
    const rhel = check({ '/repo/conf/httpd.conf': `ServerRoot "/etc/httpd"\n${body}` }, '/repo/conf/httpd.conf');
    assert.deepStrictEqual(rhel.findings.filter((f) => f.code === 'no-mpm').map((f) => f.severity), ['error']);
  });

  it('ServerRoot "/etc/httpd" of a checkout that kept only etc/httpd/conf/httpd.conf is read from the checkout, not from the machine', () => {
    const text = 'ServerRoot "/etc/httpd"\nInclude conf.modules.d/*.conf\nIncludeOptional conf.d/*.conf\n';
    const { fa, findings } = check({ '/repo/etc/httpd/conf/httpd.conf': text }, '/repo/etc/httpd/conf/httpd.conf');
    assert.deepStrictEqual(fa.analysis.model.pathMappings.map((m) => [m.from, m.to]), [['/etc/httpd', '/repo/etc/httpd']]);
    const missing = findings.find((f) => f.code === 'include-not-found' && f.severity === 'error');
    assert.match(missing?.message ?? '', /\/repo\/etc\/httpd\/conf\.modules\.d/);
    // A folder whose path does not end in the ServerRoot's gives no such evidence.
    const other = check({ '/repo/srv/conf/httpd.conf': text }, '/repo/srv/conf/httpd.conf');
    assert.deepStrictEqual(other.fa.analysis.model.pathMappings, []);
  });
});
