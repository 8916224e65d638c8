#!/usr/bin/env bash
# Copies the Apache configuration files that Debian 12 packages ship (conf-available,
# mods-available, application snippets, .htaccess files) into test/realworld/debian/<package>/,
# with each package's copyright file. Packages are downloaded and unpacked under /tmp, never
# installed. Re-run to refresh the copies; the tests need no network (the copies are committed).
set -euo pipefail
cd "$(dirname "$0")/.."
dest=test/realworld/debian
work=$(mktemp -d /tmp/realworld-gather-XXXXXX)
trap 'rm -rf "$work"' EXIT

# package: files to keep (paths inside the package, shell globs allowed)
read -r -d '' WANTED <<'LIST' || true
javascript-common etc/apache2/conf-available/javascript-common.conf
phpmyadmin etc/phpmyadmin/apache.conf
munin etc/munin/apache24.conf
nagios4-cgi etc/apache2/conf-available/nagios4-cgi.conf
cacti usr/share/cacti/conf_templates/cacti.apache.conf usr/share/cacti/site/scripts/.htaccess usr/share/cacti/cli/.htaccess var/lib/cacti/cache/boost/.htaccess
roundcube-core etc/roundcube/apache.conf etc/roundcube/htaccess
dokuwiki etc/dokuwiki/.htaccess usr/share/dokuwiki/inc/.htaccess usr/share/dokuwiki/bin/.htaccess var/lib/dokuwiki/data/.htaccess
mediawiki etc/apache2/conf-available/mediawiki.conf usr/share/mediawiki/includes/.htaccess var/lib/mediawiki/images/.htaccess var/lib/mediawiki/cache/.htaccess
wordpress usr/share/doc/wordpress/examples/apache.conf etc/wordpress/htaccess usr/share/wordpress/wp-content/plugins/akismet/.htaccess
gitweb etc/apache2/conf-available/gitweb.conf
cgit etc/apache2/conf-available/cgit.conf
adminer etc/apache2/conf-available/adminer.conf
postfixadmin etc/apache2/conf-available/postfixadmin.conf
icingaweb2 etc/apache2/conf-available/icingaweb2.conf
zabbix-frontend-php etc/apache2/conf-available/zabbix-frontend-php.conf usr/share/zabbix/conf/.htaccess usr/share/zabbix/app/.htaccess
smokeping etc/apache2/conf-available/smokeping.conf
backuppc etc/backuppc/apache.conf
ldap-account-manager etc/ldap-account-manager/apache.conf usr/share/ldap-account-manager/lib/.htaccess var/lib/ldap-account-manager/config/.htaccess
dwww etc/apache2/conf-available/dwww.conf
zoneminder etc/apache2/conf-available/zoneminder.conf usr/share/zoneminder/www/api/lib/Cake/Console/Templates/skel/.htaccess usr/share/zoneminder/www/api/lib/Cake/Console/Templates/skel/webroot/.htaccess
libapache2-mod-shib etc/apache2/mods-available/shib.load etc/apache2/conf-available/shib.conf
libapache2-mod-security2 etc/apache2/mods-available/security2.load etc/apache2/mods-available/security2.conf etc/modsecurity/modsecurity.conf-recommended etc/modsecurity/unicode.mapping
modsecurity-crs usr/share/modsecurity-crs/owasp-crs.load usr/share/modsecurity-crs/rules/*.conf usr/share/modsecurity-crs/rules/*.data etc/modsecurity/crs/*.conf
libapache2-mod-evasive etc/apache2/mods-available/*
libapache2-mod-wsgi-py3 etc/apache2/mods-available/*
libapache2-mod-fcgid etc/apache2/mods-available/*
libapache2-mod-auth-openidc etc/apache2/mods-available/*
libapache2-mod-perl2 etc/apache2/mods-available/*
libapache2-mod-qos etc/apache2/mods-available/*
libapache2-mod-xsendfile etc/apache2/mods-available/*
libapache2-mod-rpaf etc/apache2/mods-available/*
libapache2-mod-auth-mellon etc/apache2/mods-available/*
libapache2-mod-auth-gssapi etc/apache2/mods-available/*
libapache2-mod-jk etc/apache2/mods-available/* etc/libapache2-mod-jk/workers.properties
libapache2-mod-passenger etc/apache2/mods-available/*
libapache2-mod-authnz-external etc/apache2/mods-available/*
libapache2-mod-dnssd etc/apache2/mods-available/*
libapache2-mod-upload-progress etc/apache2/mods-available/*
libapache2-mpm-itk etc/apache2/mods-available/*
libapache2-mod-geoip etc/apache2/mods-available/*
libapache2-mod-python etc/apache2/mods-available/*
libapache2-mod-auth-tkt etc/apache2/mods-available/*
libapache2-mod-auth-cas etc/apache2/mods-available/*
libapache2-mod-svn etc/apache2/mods-available/*
libapache2-mod-authnz-pam etc/apache2/mods-available/*
libapache2-mod-lookup-identity etc/apache2/mods-available/*
libapache2-mod-intercept-form-submit etc/apache2/mods-available/*
libapache2-mod-auth-pubtkt etc/apache2/mods-available/*
libapache2-mod-bw etc/apache2/mods-available/*
libapache2-mod-authn-sasl etc/apache2/mods-available/*
libapache2-mod-musicindex etc/apache2/mods-available/*
libapache2-mod-log-sql etc/apache2/mods-available/*
libapache2-mod-vhost-ldap etc/apache2/mods-available/*
libapache2-mod-removeip etc/apache2/mods-available/*
libapache2-mod-tile etc/apache2/mods-available/*
apache2-doc etc/apache2/conf-available/apache2-doc.conf
bandwidthd etc/apache2/conf-available/bandwidthd.conf
cricket etc/apache2/conf.d/cricket
dhelp etc/apache2/conf-available/dhelp.conf
doc-central etc/apache2/conf-available/doc-central.conf
dpkg-www etc/apache2/conf-available/dpkg-www.conf
emboss-explorer etc/apache2/conf-available/emboss-explorer.apache2.conf
ganglia-webfrontend etc/ganglia-webfrontend/apache.conf usr/share/ganglia-webfrontend/api/.htaccess
gbrowse etc/apache2/conf-available/gbrowse.conf
gosa etc/gosa/gosa-apache.conf
gridsite etc/apache2/mods-available/* etc/apache2/sites-available/gridsite.conf
haci etc/apache2/conf-available/haci.conf
jsmath etc/apache2/conf-available/jsmath.conf
ledgersmb usr/share/ledgersmb/conf/apache-vhost.conf
lightsquid etc/apache2/conf-available/lightsquid.conf
mailman3-web etc/mailman3/apache.conf
man2html etc/apache2/conf-available/man2html.conf
netdata-apache2 etc/apache2/conf-available/netdata.conf
ntpsec-ntpviz etc/apache2/conf-available/ntpsec-ntpviz.conf
ocsinventory-reports etc/apache2/conf-available/ocsinventory-reports.conf
openstack-dashboard-apache etc/apache2/sites-available/*.conf
php-horde etc/apache2/conf-available/php-horde.conf usr/share/horde/rpc/.htaccess usr/share/horde/lib/.htaccess
php8.2-cgi etc/apache2/conf-available/php8.2-cgi.conf
php8.2-fpm etc/apache2/conf-available/php8.2-fpm.conf
phpliteadmin etc/apache2/conf-available/phpliteadmin.conf
phpsysinfo etc/phpsysinfo/apache.conf usr/share/phpsysinfo/data/.htaccess
pnopaste etc/apache2/conf-available/pnopaste.conf
pywps-wsgi etc/apache2/conf-available/pywps-wsgi.conf
routino-www etc/routino-www/apache.conf
rt5-apache2 etc/request-tracker5/apache2-fcgid.conf
shaarli etc/apache2/conf-available/shaarli.conf usr/share/shaarli/.htaccess
simplesamlphp etc/simplesamlphp/apache.conf
slbackup-php etc/slbackup-php/apache.conf
sql-ledger etc/sql-ledger/sql-ledger-httpd.conf
sqwebmail etc/apache2/conf-available/sqwebmail.apache24.conf
sugarplum etc/apache2/conf-available/sugarplum.conf usr/share/sugarplum/apache-hostile-agents.conf
sympa etc/apache2/conf-available/sympa.conf etc/apache2/conf-available/sympa-soap.conf
tirex etc/apache2/conf-available/tirex.conf
tt-rss etc/tt-rss/apache.conf
umegaya etc/apache2/conf-available/umegaya.conf
usemod-wiki etc/apache2/conf-available/usemod-wiki.conf
w3c-linkchecker etc/apache2/conf-available/w3c-linkchecker.conf
w3c-markup-validator etc/w3c/httpd.conf
xymon etc/apache2/conf-available/xymon.conf
zoph etc/zoph/apache.conf
libapache2-mod-apparmor etc/apache2/mods-available/*
libapache2-mod-auth-plain etc/apache2/mods-available/*
libapache2-mod-authn-yubikey etc/apache2/mods-available/*
libapache2-mod-authz-unixgroup etc/apache2/mods-available/*
libapache2-mod-encoding etc/apache2/mods-available/*
libapache2-mod-form etc/apache2/mods-available/*
libapache2-mod-ldap-userdir etc/apache2/mods-available/*
libapache2-mod-lisp etc/apache2/mods-available/*
libapache2-mod-log-slow etc/apache2/mods-available/*
libapache2-mod-mime-xattr etc/apache2/mods-available/*
libapache2-mod-mono etc/apache2/mods-available/*
libapache2-mod-oauth2 etc/apache2/mods-available/*
libapache2-mod-parser3 etc/apache2/mods-available/*
libapache2-mod-uwsgi etc/apache2/mods-available/*
libapache2-mod-watchcat etc/apache2/mods-available/*
libapache2-mod-xforward etc/apache2/mods-available/*
LIST

: > "$work/versions.tsv"
while read -r pkg globs; do
  [ -n "$pkg" ] || continue
  (cd "$work" && apt-get download -qq "$pkg" >/dev/null 2>&1)
  deb=$(ls "$work"/"${pkg}"_*.deb | head -1)
  mkdir -p "$work/x/$pkg"
  dpkg-deb -x "$deb" "$work/x/$pkg"
  rm -rf "${dest:?}/$pkg"
  mkdir -p "$dest/$pkg"
  (
    cd "$work/x/$pkg"
    shopt -s nullglob dotglob
    for g in $globs; do
      for f in $g; do
        [ -f "$f" ] || continue
        mkdir -p "$OLDPWD/$dest/$pkg/$(dirname "$f")"
        cp -L "$f" "$OLDPWD/$dest/$pkg/$f"
      done
    done
  )
  copyright=$(find "$work/x/$pkg/usr/share/doc" -name copyright -type f 2>/dev/null | head -1)
  if [ -n "$copyright" ]; then cp "$copyright" "$dest/$pkg/COPYRIGHT.debian"
  else echo "The copyright file of $pkg is in the package its /usr/share/doc links to (see its Depends)." > "$dest/$pkg/COPYRIGHT.debian"; fi
  printf '%s\t%s\n' "$pkg" "$(dpkg-deb -f "$deb" Version)" >> "$work/versions.tsv"
done <<< "$WANTED"
sort "$work/versions.tsv" > "$dest/VERSIONS.tsv"
echo "copied $(wc -l < "$dest/VERSIONS.tsv") packages into $dest"
