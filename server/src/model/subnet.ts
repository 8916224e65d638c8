// Whether httpd's -R and -ipmatch accept a subnet ("10.0.0.0/8", "192.168", "::1/64"): the checks
// of APR's apr_ipsubnet_create, which httpd runs when it reads the configuration. Lenient where
// APR's reading is not certain: only a text that can never be a subnet is refused.

const IPV4_FULL = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function octetsValid(parts: string[]): boolean {
  return parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** False when the text cannot be an address, a partial IPv4 network, or an address with a mask. */
export function isSubnet(text: string): boolean {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const mask = slash < 0 ? undefined : text.slice(slash + 1);
  if (address.includes(':')) {
    if (!/^[0-9A-Fa-f:.]+$/.test(address)) return false;
    return mask === undefined || (/^\d+$/.test(mask) && Number(mask) > 0 && Number(mask) <= 128);
  }
  if (!/^[\d.]+$/.test(address)) return false;
  if (mask === undefined) {
    // A network: one to four leading octets ("10", "10.1.", "192.168.0").
    const parts = address.replace(/\.$/, '').split('.');
    return parts.length <= 4 && octetsValid(parts);
  }
  const full = IPV4_FULL.exec(address);
  if (!full || !octetsValid(full.slice(1))) return false;
  if (/^\d+$/.test(mask)) return Number(mask) > 0 && Number(mask) <= 32;
  const dotted = IPV4_FULL.exec(mask);
  return !!dotted && octetsValid(dotted.slice(1));
}
