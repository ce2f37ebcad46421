//! Who the client is behind a reverse proxy. Connections from a trusted
//! proxy (`trusted_proxies`: addresses and CIDR ranges) have their client
//! read from `X-Forwarded-For`, the rightmost address that is not itself a
//! trusted proxy (each proxy appends the address it saw, so the ones to
//! the left are the client's to write), or else `X-Real-IP`; a connection
//! from anyone else is its own client, whatever its headers say.

use std::net::IpAddr;

/// One address or range.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Range {
    base: IpAddr,
    bits: u8,
}

impl Range {
    fn parse(text: &str) -> Option<Range> {
        let (address, bits) = match text.trim().split_once('/') {
            Some((address, bits)) => (address, Some(bits.parse::<u8>().ok()?)),
            None => (text.trim(), None),
        };
        let base: IpAddr = address.parse().ok()?;
        let most = if base.is_ipv4() { 32 } else { 128 };
        let bits = bits.unwrap_or(most);
        (bits <= most).then_some(Range { base, bits })
    }

    fn contains(&self, ip: IpAddr) -> bool {
        match (self.base, canonical(ip)) {
            (IpAddr::V4(base), IpAddr::V4(ip)) => prefix_equal(&base.octets(), &ip.octets(), self.bits),
            (IpAddr::V6(base), IpAddr::V6(ip)) => prefix_equal(&base.octets(), &ip.octets(), self.bits),
            _ => false,
        }
    }
}

/// An IPv4 address an IPv6 socket reports (`::ffff:10.0.0.5`) as IPv4.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

fn prefix_equal(a: &[u8], b: &[u8], bits: u8) -> bool {
    let (whole, rest) = ((bits / 8) as usize, bits % 8);
    if a[..whole] != b[..whole] {
        return false;
    }
    rest == 0 || (a[whole] ^ b[whole]) >> (8 - rest) == 0
}

/// The proxies whose forwarding headers are believed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<Range>);

impl TrustedProxies {
    /// From the setting's entries; the first that is not an address or a
    /// range is given back.
    pub fn parse<S: AsRef<str>>(entries: &[S]) -> Result<TrustedProxies, String> {
        entries
            .iter()
            .map(|e| Range::parse(e.as_ref()).ok_or_else(|| e.as_ref().to_owned()))
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|range| range.contains(ip))
    }

    /// The client of a connection from `peer` that sent these headers.
    pub fn client(&self, peer: IpAddr, forwarded_for: &[&str], real_ip: Option<&str>) -> IpAddr {
        let peer = canonical(peer);
        if !self.contains(peer) {
            return peer;
        }
        // Every X-Forwarded-For header, in order, as one list.
        let hops: Vec<&str> = forwarded_for.iter().flat_map(|h| h.split(',')).map(str::trim).collect();
        if !hops.is_empty() {
            for hop in hops.iter().rev() {
                match hop.parse::<IpAddr>() {
                    Ok(ip) if self.contains(ip) => continue,
                    Ok(ip) => return canonical(ip),
                    // Not an address: what is left of it is the client's to write.
                    Err(_) => return peer,
                }
            }
            return peer;
        }
        match real_ip.and_then(|r| r.trim().parse::<IpAddr>().ok()) {
            Some(ip) => canonical(ip),
            None => peer,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn addresses_and_ranges_are_read_and_matched() {
        let trusted = TrustedProxies::parse(&["10.0.0.5", "192.168.1.0/24", "fd00::/8", " ::1 "]).unwrap();
        assert!(trusted.contains(ip("10.0.0.5")));
        assert!(!trusted.contains(ip("10.0.0.6")));
        assert!(trusted.contains(ip("192.168.1.200")));
        assert!(!trusted.contains(ip("192.168.2.1")));
        assert!(trusted.contains(ip("fd12::1")));
        assert!(trusted.contains(ip("::1")));
        assert!(trusted.contains(ip("::ffff:10.0.0.5")), "as an IPv6 socket reports it");
        for bad in ["10.0.0.300", "10.0.0.0/33", "office-proxy", "10.0.0.0/x", ""] {
            assert_eq!(TrustedProxies::parse(&[bad]), Err(bad.to_owned()));
        }
        assert!(TrustedProxies::parse(&["0.0.0.0/0"]).unwrap().contains(ip("8.8.8.8")));
    }

    #[test]
    fn only_a_trusted_proxy_is_believed_and_the_rightmost_untrusted_hop_counts() {
        let trusted = TrustedProxies::parse(&["10.0.0.5", "10.0.0.6"]).unwrap();
        let (proxy, other) = (ip("10.0.0.5"), ip("203.0.113.9"));
        assert_eq!(
            trusted.client(other, &["1.2.3.4"], Some("5.6.7.8")),
            other,
            "not a proxy: ignored"
        );
        assert_eq!(trusted.client(proxy, &["1.2.3.4"], None), ip("1.2.3.4"));
        // The client wrote "6.6.6.6" themselves; the proxy appended what it saw.
        assert_eq!(trusted.client(proxy, &["6.6.6.6, 1.2.3.4"], None), ip("1.2.3.4"));
        assert_eq!(
            trusted.client(proxy, &["1.2.3.4, 10.0.0.6"], None),
            ip("1.2.3.4"),
            "a chain of proxies"
        );
        assert_eq!(
            trusted.client(proxy, &["6.6.6.6", "1.2.3.4"], None),
            ip("1.2.3.4"),
            "two headers"
        );
        assert_eq!(trusted.client(proxy, &["garbage, 1.2.3.4"], None), ip("1.2.3.4"));
        assert_eq!(
            trusted.client(proxy, &["1.2.3.4, garbage"], None),
            proxy,
            "a hop a proxy cannot have written"
        );
        assert_eq!(trusted.client(proxy, &[], Some("1.2.3.4")), ip("1.2.3.4"));
        assert_eq!(trusted.client(proxy, &[], Some("nonsense")), proxy);
        assert_eq!(trusted.client(proxy, &["10.0.0.6"], None), proxy, "only proxies");
        assert_eq!(
            TrustedProxies::default().client(proxy, &["1.2.3.4"], None),
            proxy,
            "none trusted"
        );
    }
}
