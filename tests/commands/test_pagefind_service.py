"""Pagefind as a service (doorbraak_cli/site/pagefind.py): what it answers is input like any other.

A stand-in for the binary (a small Python script speaking the service's protocol) answers in the ways a broken or
hostile Pagefind could: it stops, answers an error, answers what is not base64 or not JSON, or hands back files
under names outside the bundle. Each ends in a SearchFailed with a Dutch message, or in a bundle without those
files; never in a traceback or a file written outside the site.
"""

import stat
import sys

import pytest

from doorbraak_cli.site import pagefind

SERVICE = r'''
import base64, json, sys
MODE = %(mode)r
data = b""
while True:
    ch = sys.stdin.buffer.read(1)
    if not ch:
        break
    if ch != b",":
        data += ch
        continue
    msg = json.loads(base64.b64decode(data)); data = b""
    kind = msg["payload"]["type"]
    if MODE == "stops":
        sys.exit(3)
    if MODE == "garbage":
        sys.stdout.buffer.write(b"not base64!,"); sys.stdout.flush(); continue
    if MODE == "error" and kind == "AddRecord":
        answer = {"type": "Error", "message": "kapot", "original_message": None}
    elif kind == "NewIndex":
        answer = {"type": "NewIndex", "index_id": 0}
    elif kind == "AddRecord":
        answer = {"type": "IndexedFile", "page_word_count": 1, "page_url": msg["payload"]["url"], "page_meta": {}}
    else:
        files = [{"path": p, "content": base64.b64encode(b"x").decode()} for p in
                 ("pagefind.js", "pagefind-entry.json", "fragment/nl_1.pf_fragment", "../buiten.pf_index",
                  "/etc/passwd.pf_meta", "pagefind-ui.js", "sub/dir/diep.pf_index")]
        if MODE == "incomplete":
            files = files[2:]
        answer = {"type": "GetFiles", "files": files}
    out = base64.b64encode(json.dumps({"message_id": msg["message_id"], "payload": answer}).encode())
    sys.stdout.buffer.write(out + b","); sys.stdout.flush()
'''

RECORDS = [{"url": f"/casus/{i}.html", "content": "woord " * 20, "language": "nl", "meta": {"title": str(i)},
            "filters": {"status": ["x"]}} for i in range(pagefind.BATCH * 2 + 3)]


def stand_in(tmp_path, mode: str) -> str:
    path = tmp_path / f"pagefind-{mode}"
    path.write_text(f"#!{sys.executable}\n" + SERVICE % {"mode": mode}, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def test_a_bundle_keeps_only_the_search_boxs_files_under_plain_names(tmp_path):
    with pagefind.Service(stand_in(tmp_path, "ok")) as service:
        files = service.bundle(RECORDS)
    assert sorted(files) == ["fragment/nl_1.pf_fragment", "pagefind-entry.json", "pagefind.js"]
    assert files["pagefind.js"] == b"x"


@pytest.mark.parametrize("mode,said", [("stops", "gestopt"), ("error", "kapot"), ("garbage", "onleesbaar"),
                                       ("incomplete", "geen bruikbare zoekindex")])
def test_a_pagefind_that_fails_is_a_dutch_message(tmp_path, mode, said):
    with pytest.raises(pagefind.SearchFailed) as failed:
        with pagefind.Service(stand_in(tmp_path, mode)) as service:
            service.bundle(RECORDS)
    assert said in str(failed.value)
    assert not list(tmp_path.glob("**/buiten*"))


def test_a_pagefind_that_hangs_is_ended(tmp_path, monkeypatch):
    path = tmp_path / "pagefind-hangt"
    path.write_text(f"#!{sys.executable}\nimport time\ntime.sleep(60)\n", encoding="utf-8")
    path.chmod(0o755)
    monkeypatch.setattr(pagefind, "TIMEOUT", 0.5)
    with pytest.raises(pagefind.SearchFailed):
        with pagefind.Service(str(path)) as service:
            service.bundle(RECORDS)


def test_names_of_the_bundle():
    assert pagefind.kept_name("fragment/nl_abc.pf_fragment") and pagefind.kept_name("wasm.nl.pagefind")
    for name in ("../x.pf_index", "/x.pf_index", "a/b/c.pf_index", "x.pf_index/..", "fragment/..pf_index",
                 "pagefind-ui.js", "", None, 3, "fragment\\x.pf_index", "x.pf_index\n"):
        assert not pagefind.kept_name(name), name


def test_no_binary_is_a_dutch_message(monkeypatch):
    monkeypatch.setattr(pagefind, "executable", lambda: None)
    with pytest.raises(pagefind.SearchFailed, match="Pagefind ontbreekt"):
        pagefind.Service()
