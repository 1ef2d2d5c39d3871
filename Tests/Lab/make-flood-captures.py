#!/usr/bin/env python3
"""Crafts the spoofed-source UDP and ICMP flood lab captures of Tests/Fixtures/lab/ offline with scapy
(issue 16 item 5 for UDP, ICMP and ICMPv6).

Reuses the packet helpers of make-lab-captures.py and writes only its own files. Deterministic:
fixed timestamps and a seeded RNG, so a rerun gives byte-identical files.

- udp-flood-spoofed-lan.pcap: hping3 --udp -p 9999 --rand-source from a LAN host (10.66.0.66):
  1,500 datagrams from random sources, every one from its MAC, after it resolved the target with
  ARP and queried DNS in its own name; the target's port unreachables go to the gateway's MAC.
- udp-flood-spoofed-routed.pcap: the same flood arriving from off the LAN through the gateway
  (10.66.0.1, which ARPs for the target), while an outside client's web session comes the same way.
- icmp-flood-spoofed-lan.pcap: hping3 --icmp --rand-source from 10.66.0.66: 1,500 echo requests.
- icmpv6-flood-spoofed-lan.pcap: 1,500 ICMPv6 echo requests from random 2001:db8:: sources, all
  from the MAC of 2001:db8:66::5 (which announced itself in a neighbour advertisement).

    python3 Tests/Lab/make-flood-captures.py
"""
import importlib.util
import os
import random

from scapy.layers.inet6 import IPv6, ICMPv6EchoReply, ICMPv6EchoRequest

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("lab", os.path.join(HERE, "make-lab-captures.py"))
lab = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lab)
Capture, TARGET, CLIENT = lab.Capture, lab.TARGET, lab.CLIENT
ME, GATEWAY = "10.66.0.66", "10.66.0.1"


def random_source(rng):
    return "%d.%d.%d.%d" % (rng.randint(11, 200), rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254))


def lan_sender(c):
    """The flooding host's own traffic: it resolves the target with ARP and asks DNS in its own name."""
    mymac = lab.mac(ME)
    c.add(lab.Ether(src=mymac, dst="ff:ff:ff:ff:ff:ff") / lab.ARP(op=1, hwsrc=mymac, psrc=ME, pdst=TARGET), 0.001)
    c.add(lab.Ether(src=lab.mac(TARGET), dst=mymac) / lab.ARP(op=2, hwsrc=lab.mac(TARGET), psrc=TARGET, hwdst=mymac, pdst=ME), 0.0002)
    c.add(lab.IP(src=ME, dst="10.66.0.2") / lab.UDP(sport=40001, dport=53) / lab.DNS(rd=1, qd=lab.DNSQR(qname="intranet.lab")), 0.01)
    lab.web_session(c, CLIENT, TARGET, 44000, 80)  # a legitimate client with its own MAC
    return mymac


def udp_flood(c, rng, src_mac):
    gw = lab.mac(GATEWAY)
    for i in range(1500):
        src, sport = random_source(rng), 1024 + i
        c.add(lab.IP(src=src, dst=TARGET, id=rng.getrandbits(16), ttl=64) / lab.UDP(sport=sport, dport=9999) / (b"X" * 64),
              0.0004, src_mac=src_mac)
        if i % 100 == 0:  # port unreachable, rate-limited, to the forged source (off the LAN: the gateway's MAC)
            probe = c.packets[-1][lab.IP]
            c.add(lab.IP(src=TARGET, dst=src) / lab.ICMP(type=3, code=3) / bytes(probe)[:28], 0.00005, dst_mac=gw)


def udp_flood_spoofed_lan():
    c = Capture("udp-flood-spoofed-lan")
    udp_flood(c, random.Random(77), lan_sender(c))
    c.write()


def udp_flood_spoofed_routed():
    c = Capture("udp-flood-spoofed-routed")
    gw = lab.mac(GATEWAY)
    c.add(lab.Ether(src=gw, dst="ff:ff:ff:ff:ff:ff") / lab.ARP(op=1, hwsrc=gw, psrc=GATEWAY, pdst=TARGET), 0.001)
    c.add(lab.Ether(src=lab.mac(TARGET), dst=gw) / lab.ARP(op=2, hwsrc=lab.mac(TARGET), psrc=TARGET, hwdst=gw, pdst=GATEWAY), 0.0002)
    outside = "198.51.100.7"
    lab.MAC[outside] = gw  # routed in: every outside frame carries the gateway's MAC
    lab.web_session(c, outside, TARGET, 45000, 80)
    udp_flood(c, random.Random(78), gw)
    c.write()


def icmp_flood_spoofed_lan():
    c = Capture("icmp-flood-spoofed-lan")
    rng = random.Random(79)
    mymac, gw = lan_sender(c), lab.mac(GATEWAY)
    for i in range(1500):
        src = random_source(rng)
        c.add(lab.IP(src=src, dst=TARGET, id=rng.getrandbits(16), ttl=64) / lab.ICMP(type=8, id=0x1234, seq=i) / (b"\x00" * 56),
              0.0004, src_mac=mymac)
        if i < 300:
            c.add(lab.IP(src=TARGET, dst=src) / lab.ICMP(type=0, id=0x1234, seq=i) / (b"\x00" * 56), 0.00005, dst_mac=gw)
    c.write()


def icmpv6_flood_spoofed_lan():
    c = Capture("icmpv6-flood-spoofed-lan")
    rng = random.Random(80)
    lab.v6_neighbours(c)
    me, victim = lab.V6_ATTACKER, lab.V6_VICTIM
    mymac, vmac, router = lab.V6_MAC[me], lab.V6_MAC[victim], "02:00:66:00:00:01"
    t = c.t + 0.5
    for i in range(1500):
        t += 0.0001
        src = "2001:db8:%x:%x::%x" % (rng.randint(0x100, 0xfff), rng.randint(0, 0xffff), rng.randint(1, 0xffff))
        c.add(lab.Ether(src=mymac, dst=vmac) / IPv6(src=src, dst=victim, hlim=64) / ICMPv6EchoRequest(id=0x6666, seq=i, data=b"x" * 32),
              at=t)
        if i < 300:
            c.add(lab.Ether(src=vmac, dst=router) / IPv6(src=victim, dst=src, hlim=64) / ICMPv6EchoReply(id=0x6666, seq=i, data=b"x" * 32),
                  at=t + 0.00001)
    c.write()


def main():
    udp_flood_spoofed_lan()
    udp_flood_spoofed_routed()
    icmp_flood_spoofed_lan()
    icmpv6_flood_spoofed_lan()


if __name__ == "__main__":
    main()
