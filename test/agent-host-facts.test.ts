import test from "ava";
import type { NetworkInterfaceInfo } from "node:os";
import { pickIpAddress } from "../agent/host-facts.js";

function ipv4(address: string, internal = false): NetworkInterfaceInfo {
  return { address, family: "IPv4", internal, netmask: "255.255.255.0", mac: "00:00:00:00:00:00", cidr: `${address}/24` };
}

const INTERFACES = {
  lo: [ipv4("127.0.0.1", true)],
  eth0: [{ ...ipv4("fe80::1"), family: "IPv6" as const, scopeid: 2 }, ipv4("10.0.0.5")],
  "Ethernet 4": [ipv4("10.0.1.7")],
};

test("the preferred interface's IPv4 address wins", (t) => {
  t.is(pickIpAddress(INTERFACES, "Ethernet 4", false), "10.0.1.7");
});

test("without a preferred interface, or when it is absent, the first non-loopback IPv4 address", (t) => {
  t.is(pickIpAddress(INTERFACES, "", false), "10.0.0.5");
  t.is(pickIpAddress(INTERFACES, "eth9", false), "10.0.0.5");
});

test("interface names are case-sensitive except on Windows", (t) => {
  t.is(pickIpAddress(INTERFACES, "ethernet 4", false), "10.0.0.5");
  t.is(pickIpAddress(INTERFACES, "ethernet 4", true), "10.0.1.7");
});

test("loopback when nothing else has an IPv4 address", (t) => {
  t.is(pickIpAddress({ lo: [ipv4("127.0.0.2", true)] }, "", false), "127.0.0.1");
});
