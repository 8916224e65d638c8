#!/usr/bin/env bash
# Installs the real httpd the differential tests compare against: Debian's apache2 and mod_php.
# Idempotent; needs root on Debian 12.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if [ -x /usr/sbin/apache2 ] && [ -f /usr/lib/apache2/modules/libphp8.2.so ]; then
  echo "apache2 and mod_php already installed: $(/usr/sbin/apache2 -v | head -1)"
else
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends apache2 libapache2-mod-php8.2 >/dev/null
  echo "installed: $(/usr/sbin/apache2 -v | head -1)"
fi

# mpm-itk, unpacked (never installed) for the tests that load it next to prefork.
itk="$(cd "$(dirname "$0")/.." && pwd)/.cache/oracle/mpm-itk"
if [ ! -f "$itk/usr/lib/apache2/modules/mpm_itk.so" ]; then
  tmp=$(mktemp -d)
  (cd "$tmp" && { apt-get download libapache2-mpm-itk >/dev/null 2>&1 || { apt-get update -qq && apt-get download libapache2-mpm-itk >/dev/null; }; })
  mkdir -p "$itk" && dpkg-deb -x "$tmp"/libapache2-mpm-itk_*.deb "$itk"
  rm -rf "$tmp"
  echo "unpacked mpm-itk into .cache/oracle/mpm-itk"
fi

# PHP-FPM, unpacked (never installed: no service starts) for the capacity load test's event + FPM case.
fpm="$(cd "$(dirname "$0")/.." && pwd)/.cache/oracle/php-fpm"
if [ ! -x "$fpm/usr/sbin/php-fpm8.2" ]; then
  tmp=$(mktemp -d)
  (cd "$tmp" && { apt-get download php8.2-fpm >/dev/null 2>&1 || { apt-get update -qq && apt-get download php8.2-fpm >/dev/null; }; })
  mkdir -p "$fpm" && dpkg-deb -x "$tmp"/php8.2-fpm_*.deb "$fpm"
  rm -rf "$tmp"
  echo "unpacked php8.2-fpm into .cache/oracle/php-fpm"
fi
