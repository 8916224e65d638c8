#!/usr/bin/env bash
# Installs the real httpd the differential tests compare against: Debian's apache2 and mod_php.
# Idempotent; needs root on Debian 12.
set -euo pipefail
if [ -x /usr/sbin/apache2 ] && [ -f /usr/lib/apache2/modules/libphp8.2.so ]; then
  echo "apache2 and mod_php already installed: $(/usr/sbin/apache2 -v | head -1)"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends apache2 libapache2-mod-php8.2 >/dev/null
echo "installed: $(/usr/sbin/apache2 -v | head -1)"
