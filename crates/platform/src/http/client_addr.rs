//! The client's address behind reverse proxies.
//!
//! `X-Forwarded-For` is written by whoever sent the request, so it is read
//! only when the TCP peer is a proxy the operator listed in
//! `IMIGRASI_TRUSTED_PROXIES`. Each trusted proxy appends the address it
//! received the request from, so the list is read from the right: trusted
//! proxies are skipped, and the first address that is not one is the
//! client. Anything to the left of it was written by the client and is
//! ignored. If the list runs out, or holds something that is not an address
//! before a client is found, the last trusted hop is the best we know.

use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;

use axum::http::HeaderMap;

/// Networks whose connections may state the client's address in
/// `X-Forwarded-For` (empty: the header is never read).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<Network>);

/// An IP network: an address and the length of its prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Network {
    addr: IpAddr,
    prefix: u8,
}

/// A trusted-proxy list that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an IP address or a CIDR network (e.g. 10.0.0.1, 10.0.0.0/8, fd00::/8)")]
pub struct ProxyListError(String);

impl Network {
    fn parse(s: &str) -> Option<Network> {
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let addr = IpAddr::from_str(addr).ok()?.to_canonical();
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => p.parse().ok()?,
            Some(_) => return None,
            None => max,
        };
        (prefix <= max).then_some(Network { addr, prefix })
    }

    fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip.to_canonical()) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl FromStr for TrustedProxies {
    type Err = ProxyListError;

    /// Comma-separated addresses or CIDR networks; empty for none.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| Network::parse(p).ok_or_else(|| ProxyListError(p.to_owned())))
            .collect::<Result<Vec<_>, _>>()
            .map(TrustedProxies)
    }
}

impl TrustedProxies {
    /// Whether `ip` is one of the trusted proxies.
    pub fn contains(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|n| n.contains(ip))
    }

    /// Whether no proxy is trusted.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// One `X-Forwarded-For` entry: an address, possibly with a port.
fn parse_hop(s: &str) -> Option<IpAddr> {
    let s = s.trim();
    IpAddr::from_str(s)
        .or_else(|_| SocketAddr::from_str(s).map(|a| a.ip()))
        .ok()
        .map(|ip| ip.to_canonical())
}

/// The client's address: the TCP peer, or, when the peer is a trusted
/// proxy, the right-most `X-Forwarded-For` address that is not one.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &TrustedProxies) -> IpAddr {
    let peer = peer.to_canonical();
    if !trusted.contains(peer) {
        return peer;
    }
    // Several header lines form one list, in order.
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect();
    let mut nearest_trusted = peer;
    for hop in hops.iter().rev() {
        match parse_hop(hop) {
            Some(ip) if trusted.contains(ip) => nearest_trusted = ip,
            Some(ip) => return ip,
            None => break,
        }
    }
    nearest_trusted
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn xff(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn proxy_lists_parse_addresses_and_networks() {
        let t: TrustedProxies = " 10.0.0.1, 192.168.0.0/16 ,fd00::/8,::1".parse().unwrap();
        for yes in [
            "10.0.0.1",
            "192.168.7.9",
            "fd12::1",
            "::1",
            "::ffff:10.0.0.1",
        ] {
            assert!(t.contains(ip(yes)), "{yes}");
        }
        for no in ["10.0.0.2", "192.169.0.1", "fe80::1", "::2", "8.8.8.8"] {
            assert!(!t.contains(ip(no)), "{no}");
        }
        assert!("".parse::<TrustedProxies>().unwrap().is_empty());
        let all: TrustedProxies = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains(ip("203.0.113.9")) && !all.contains(ip("::2")));
        for bad in [
            "10.0.0",
            "10.0.0.0/33",
            "::/129",
            "10.0.0.0/",
            "10.0.0.0/-1",
            "a.b.c.d",
            "10.0.0.0/8/8",
        ] {
            assert!(bad.parse::<TrustedProxies>().is_err(), "{bad}");
        }
    }

    #[test]
    fn forwarded_for_is_ignored_unless_the_peer_is_trusted() {
        let none = TrustedProxies::default();
        let h = xff(&["198.51.100.7"]);
        assert_eq!(
            client_address(ip("203.0.113.1"), &h, &none),
            ip("203.0.113.1")
        );
        let t: TrustedProxies = "10.0.0.0/8".parse().unwrap();
        assert_eq!(client_address(ip("203.0.113.1"), &h, &t), ip("203.0.113.1"));
        assert_eq!(client_address(ip("10.1.1.1"), &h, &t), ip("198.51.100.7"));
    }

    #[test]
    fn the_right_most_untrusted_hop_is_the_client() {
        let t: TrustedProxies = "10.0.0.0/8, 127.0.0.1".parse().unwrap();
        let peer = ip("127.0.0.1");
        // The client's own claim (left) is not believed.
        let h = xff(&["1.1.1.1, 198.51.100.7, 10.0.0.5"]);
        assert_eq!(client_address(peer, &h, &t), ip("198.51.100.7"));
        // Several header lines are one list.
        let h = xff(&["1.1.1.1", "198.51.100.7", "10.0.0.5"]);
        assert_eq!(client_address(peer, &h, &t), ip("198.51.100.7"));
        // Ports and brackets, IPv6, mapped IPv4.
        let h = xff(&["198.51.100.7:4711, 10.0.0.5"]);
        assert_eq!(client_address(peer, &h, &t), ip("198.51.100.7"));
        let h = xff(&["[2001:db8::7]:443"]);
        assert_eq!(client_address(peer, &h, &t), ip("2001:db8::7"));
        let h = xff(&["::ffff:198.51.100.7"]);
        assert_eq!(client_address(peer, &h, &t), ip("198.51.100.7"));
        // No header, an empty one, or only trusted hops: the last trusted hop.
        assert_eq!(client_address(peer, &HeaderMap::new(), &t), peer);
        assert_eq!(client_address(peer, &xff(&[""]), &t), peer);
        let h = xff(&["10.0.0.9, 10.0.0.5"]);
        assert_eq!(client_address(peer, &h, &t), ip("10.0.0.9"));
        // Garbage stops the walk: nothing left of it can be believed.
        let h = xff(&["198.51.100.7, unknown, 10.0.0.5"]);
        assert_eq!(client_address(peer, &h, &t), ip("10.0.0.5"));
        let h = xff(&["198.51.100.7, 10.0.0.5, "]);
        assert_eq!(client_address(peer, &h, &t), peer);
        // A mapped IPv4 peer (dual-stack listener) is matched as IPv4.
        let h = xff(&["198.51.100.7"]);
        assert_eq!(
            client_address(ip("::ffff:127.0.0.1"), &h, &t),
            ip("198.51.100.7")
        );
    }
}
