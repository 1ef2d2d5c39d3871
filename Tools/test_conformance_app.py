#!/usr/bin/env python3
"""Self-test of Tools/conformance_app.py (stdlib unittest).

    python3 Tools/test_conformance_app.py -v

The parser snippet is tshark 4.0's `-z http,tree,tcp` output for chris__http_google.pcapng; the
live tests need tshark and the corpus (../shared/corpus) and are skipped without them.
"""

from __future__ import annotations

import shutil
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import conformance as C  # noqa: E402
import conformance_app as A  # noqa: E402

CORPUS = C.default_corpus()
HAVE_TSHARK = shutil.which("tshark") is not None
HAVE_CORPUS = (CORPUS / "real").is_dir()

HTTP_TREE = """\

=======================================================================================================================================
HTTP/Packet Counter:
Topic / Item            Count         Average       Min Val       Max Val       Rate (ms)     Percent       Burst Rate    Burst Start
---------------------------------------------------------------------------------------------------------------------------------------
Total HTTP Packets      2                                                       0.0192        100%          0.0100        0.000
 HTTP Response Packets  1                                                       0.0096        50.00%        0.0100        0.134
  2xx: Success          1                                                       0.0096        100.00%       0.0100        0.134
   200 OK               1                                                       0.0096        100.00%       0.0100        0.134
  ???: broken           0                                                       0.0000        0.00%         -             -
  5xx: Server Error     0                                                       0.0000        0.00%         -             -
  4xx: Client Error     0                                                       0.0000        0.00%         -             -
  3xx: Redirection      0                                                       0.0000        0.00%         -             -
  1xx: Informational    0                                                       0.0000        0.00%         -             -
 HTTP Request Packets   1                                                       0.0096        50.00%        0.0100        0.000
  GET                   1                                                       0.0096        100.00%       0.0100        0.000
 Other HTTP Packets     0                                                       0.0000        0.00%         -             -

---------------------------------------------------------------------------------------------------------------------------------------
"""


class Parsers(unittest.TestCase):
    def test_http_tree(self):
        self.assertEqual(A.parse_http_tree(HTTP_TREE),
                         {"requests": 1, "responses": 1, "methods": {"GET": 1}, "statusCodes": {"200": 1}})

    def test_dns_table_counts_queries_and_responses_per_name_and_type(self):
        rows = [["WWW.Example.com", "1", "0"], ["www.example.com", "1", "1"], ["a.example", "28", "False"],
                ["b.example,c.example", "16,1", "1"]]
        self.assertEqual(A.dns_table(rows), {("www.example.com", "A"): [1, 1], ("a.example", "AAAA"): [1, 0],
                                             ("b.example", "TXT"): [0, 1]})

    def test_first_hello_per_stream_wins(self):
        self.assertEqual(A.first_per_stream([["3", "aa", "x"], ["3", "bb", "y"], ["4", "cc,dd", ""]]),
                         {"3": ["aa", "x"], "4": ["cc", ""]})


class Comparisons(unittest.TestCase):
    def test_http_counts_strict(self):
        want = A.parse_http_tree(HTTP_TREE)
        ours = {"requests": 1, "responses": 1, "methods": {"GET": 1}, "statusCodes": {"200": 1}}
        self.assertEqual(A.compare_http_counts(ours, want, C.Result).status, "identical")
        ours["statusCodes"] = {"404": 1}
        r = A.compare_http_counts(ours, want, C.Result)
        self.assertEqual(r.status, "DIFF")
        self.assertIn("statusCodes", r.detail)
        self.assertEqual(A.compare_http_counts(None, want, C.Result).status, "DIFF")
        self.assertEqual(A.compare_http_counts(None, A.parse_http_tree(""), C.Result).status, "SKIP")

    def test_dns_names_compare_totals_and_rows(self):
        want = {("www.example.com", "A"): [2, 2], ("x.example", "TXT"): [1, 0]}
        ours = {"namesTotal": 2, "queries": 3, "responses": 2,
                "names": [{"name": "www.example.com", "type": "A", "queries": 2, "responses": 2},
                          {"name": "x.example", "type": "TXT", "queries": 1, "responses": 0}]}
        self.assertEqual(A.compare_dns_names(ours, want, C.Result).status, "identical")
        ours["names"][0]["responses"] = 1
        self.assertEqual(A.compare_dns_names(ours, want, C.Result).status, "DIFF")

    def test_tls_ja3_per_stream_and_missing_rows(self):
        hellos = {"0": ["a" * 32, "example.com"], "1": ["b" * 32, ""]}
        ours = {"handshakesTotal": 2, "handshakes": [{"stream": 0, "ja3": "a" * 32, "serverName": "example.com"},
                                                     {"stream": 1, "ja3": "b" * 32, "serverName": ""}]}
        self.assertEqual(A.compare_tls(ours, hellos, 0, "ja3", "JA3", C.Result).status, "identical")
        self.assertEqual(A.compare_tls(ours, hellos, 1, "serverName", "SNI", C.Result).status, "identical")
        ours["handshakes"][1]["ja3"] = "c" * 32
        self.assertEqual(A.compare_tls(ours, hellos, 0, "ja3", "JA3", C.Result).status, "DIFF")
        del ours["handshakes"][1]
        ours["handshakesTotal"] = 1
        r = A.compare_tls(ours, hellos, 0, "ja3", "JA3", C.Result)
        self.assertEqual(r.status, "DIFF")
        self.assertIn("no handshake row", r.detail)

    def test_objects_are_multisets_of_sha256(self):
        ours = {"transactionsTotal": 2, "transactions": [{}, {}],
                "files": [{"sha256": "aa", "complete": True}, {"sha256": "aa", "complete": True},
                          {"sha256": "", "complete": False}]}
        self.assertEqual(A.compare_objects(ours, ["aa", "aa"], C.Result).status, "identical")
        self.assertEqual(A.compare_objects(ours, ["aa"], C.Result).status, "DIFF")
        self.assertEqual(A.compare_objects(ours, [], C.Result).status, "SKIP")


@unittest.skipUnless(HAVE_TSHARK and HAVE_CORPUS, "needs tshark and ../shared/corpus")
class Live(unittest.TestCase):
    def test_a_report_without_application_sections_differs_where_tshark_sees_the_protocol(self):
        res = A.compare({}, CORPUS / "real" / "chris__http_google.pcapng", C.Result)
        self.assertEqual(res["http counts"].status, "DIFF")
        self.assertEqual(res["tls ja3"].status, "SKIP")

    def test_xscan_hellos_on_port_53_are_checked_with_decode_as(self):
        capture = CORPUS / "real" / "markofu__xscan_capture.pcap"
        ours = {"tls": {"handshakesTotal": 99, "handshakes": [
            {"stream": 74, "server": "192.168.1.120:53", "ja3": "a9a20b92356c8b01cf6f72acbf76dba7", "serverName": ""}]}}
        res = A.compare(ours, capture, C.Result)
        # tshark -d tcp.port==53,tls -Y 'tcp.stream==74 && tls.handshake.type==1' -e tls.handshake.ja3
        self.assertEqual(res["tls ja3"].status, "identical", res["tls ja3"].detail)


if __name__ == "__main__":
    unittest.main()
