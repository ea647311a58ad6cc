#!/usr/bin/env python3
"""Writes the hostile-input table: tests/bad_input/files/* and tests/bad_input/cases.tsv.

Each case is a model, a data CSV and optionally a fitted state; the runner (test_bad_input.py)
feeds it through the C ABI, the CLI and the Python binding and expects the status code and a
message fragment that names the place. Large inputs (10,000 levels of nesting, 100,000 nodes, 1 MB
fields) are not stored: the runner builds them with the `big_*` functions below. Re-run this
script after editing the table; it is deterministic.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = os.path.join(HERE, "files")

GOOD_MODEL = {
    "civiscore_model": 1, "id": "bad", "name": "坏输入",
    "root": {"id": "total", "children": [
        {"id": "a", "rule": {"type": "goalposts", "worst": 0, "best": 10}},
        {"id": "b", "rule": {"type": "min_max"}},
        {"id": "c", "direction": "cost", "rule": {"type": "z_score"}},
    ]},
}
GOOD_CSV = "unit_id,a,b,c\nu1,1,2,3\nu2,4,5,6\nu3,7,8,9\n"


def j(obj):
    return json.dumps(obj, ensure_ascii=False).encode("utf-8")


def model_with(**change):
    m = json.loads(json.dumps(GOOD_MODEL))
    for k, v in change.items():
        m[k] = v
    return m


def child(i, **change):
    m = json.loads(json.dumps(GOOD_MODEL))
    m["root"]["children"][i].update(change)
    return m


def big_nesting(levels=10000):
    return b"[" * levels + b"]" * levels


def big_nesting_object(levels=10000):
    return (b'{"civiscore_model":1,"id":"x","name":"x","root":' + b'{"a":' * levels + b"1" +
            b"}" * levels + b"}")


def big_nodes(n=100000):
    kids = [{"id": "i%d" % k, "rule": {"type": "binary"}} for k in range(n)]
    return j({"civiscore_model": 1, "id": "big", "name": "big", "root": {"id": "r", "children": kids}})


def big_field_csv(size=1 << 20):
    return ("unit_id,a,b,c\nu1,1,2,3\n" + "u2," + "9" * size + ",5,6\n").encode()


def big_id_csv(size=1 << 20):
    return ("unit_id,a,b,c\n" + "x" * size + ",1,2,3\n").encode()


def big_text_csv(size=1 << 20):
    return ("unit_id,a,b,c\nu1,1,2,3\nu2," + "z" * size + ",5,6\n").encode()


# Generated inputs the runner builds in a scratch directory instead of reading files/.
GENERATED = {
    "gen_nesting_10000.json": big_nesting,
    "gen_nesting_object_10000.json": big_nesting_object,
    "gen_nodes_100000.json": big_nodes,
    "gen_field_1mb.csv": big_field_csv,
    "gen_id_1mb.csv": big_id_csv,
    "gen_text_1mb.csv": big_text_csv,
}

# (id, model bytes or file name, data bytes or file name, fitted bytes or None, status, fragment)
# status: 0 ok, 2 model, 3 data, 6 fitted (civiscore.h). The fragment must appear in the message.
M = "good.json"
D = "good.csv"
CASES = [
    # --- model: syntax ---
    ("model_empty_file", b"", D, None, 2, "invalid JSON at line 1, column 1"),
    ("model_whitespace_only", b"  \n\t ", D, None, 2, "invalid JSON at line 2"),
    ("model_truncated", j(GOOD_MODEL)[:60], D, None, 2, "invalid JSON at line 1, column 55"),
    ("model_truncated_in_string", b'{"civiscore_model":1,"id":"ab', D, None, 2, "invalid JSON at line 1"),
    ("model_trailing_comma", b'{"civiscore_model":1,}', D, None, 2, "invalid JSON at line 1, column 22"),
    ("model_single_quotes", b"{'civiscore_model':1}", D, None, 2, "invalid JSON at line 1, column 2"),
    ("model_invalid_utf8", j(GOOD_MODEL).replace("坏输入".encode(), b"\xff\xfe"), D, None, 2, "invalid JSON at line 1"),
    ("model_overlong_utf8", j(GOOD_MODEL).replace("坏输入".encode(), b"\xc0\xaf"), D, None, 2, "invalid JSON at line 1"),
    ("model_lone_surrogate", j(GOOD_MODEL).replace('"坏输入"'.encode(), b'"\\ud800"'), D, None, 2, "invalid JSON at line 1"),
    ("model_embedded_nul", j(GOOD_MODEL).replace(b'"bad"', b'"b\x00d"'), D, None, 2, "invalid JSON at line 1"),
    ("model_nul_after_document", j(GOOD_MODEL) + b"\x00", D, None, 0, ""),  # a C string's NUL ends the text
    ("model_two_documents", j(GOOD_MODEL) + j(GOOD_MODEL), D, None, 2, "invalid JSON at line 1"),
    ("model_bom_in_middle", j(GOOD_MODEL).replace(b'"root"', b'\xef\xbb\xbf"root"'), D, None, 2, "invalid JSON at line 1"),
    ("model_number_overflow", j(GOOD_MODEL).replace(b'"best": 10', b'"best": 1e999'), D, None, 2, "number overflow parsing '1e999'"),
    ("model_nesting_10000", "gen_nesting_10000.json", D, None, 2, "JSON nested deeper than 256 levels at line 1, column 257"),
    ("model_nesting_object_10000", "gen_nesting_object_10000.json", D, None, 2, "JSON nested deeper than 256 levels"),
    ("model_top_level_array", b"[]", D, None, 2, "a model must be a JSON object"),
    ("model_top_level_number", b"42", D, None, 2, "a model must be a JSON object"),
    ("model_null", b"null", D, None, 2, "a model must be a JSON object"),
    # --- model: structure ---
    ("model_empty_object", b"{}", D, None, 2, "/civiscore_model"),
    ("model_wrong_version", j(model_with(civiscore_model=2)), D, None, 2, "/civiscore_model"),
    ("model_version_string", j(model_with(civiscore_model="1")), D, None, 2, "/civiscore_model"),
    ("model_unknown_key", j(model_with(wieght=1)), D, None, 2, "/wieght"),
    ("model_duplicate_node_id", j(child(1, id="a")), D, None, 2, "/root/children/1/id"),
    ("model_duplicate_json_key", j(GOOD_MODEL).replace(b'"id": "bad"', b'"id": "bad", "id": "bad2"'), D, None, 0, ""),
    ("model_empty_children", j(model_with(root={"id": "r", "children": []})), D, None, 2, "/root/children"),
    ("model_node_both_rule_children", j(child(0, children=[{"id": "z", "rule": {"type": "binary"}}])), D, None, 2, "/root/children/0"),
    ("model_negative_weight", j(child(0, weight=-1)), D, None, 2, "/root/children/0/weight"),
    ("model_nan_weight_string", j(child(0, weight="NaN")), D, None, 2, "/root/children/0/weight"),
    ("model_goalposts_equal", j(child(0, rule={"type": "goalposts", "worst": 5, "best": 5})), D, None, 2, "/root/children/0/rule"),
    ("model_unknown_rule", j(child(0, rule={"type": "magic"})), D, None, 2, "/root/children/0/rule/type"),
    ("model_control_char_id", j(child(0, id="a\u0001")), D, None, 2, "/root/children/0/id"),
    ("model_empty_id", j(child(0, id="")), D, None, 2, "/root/children/0/id"),
    ("model_huge_number", j(child(0, rule={"type": "goalposts", "worst": 0, "best": 1e308})), D, None, 0, ""),
    ("model_tree_depth_70", None, D, None, 2, "deeper than 64 levels"),
    ("model_nodes_100000", "gen_nodes_100000.json", "gen_nodes_data.csv", None, 0, ""),
    # --- data: CSV ---
    ("csv_empty_file", M, b"", None, 3, "bad.csv"),
    ("csv_header_only", M, b"unit_id,a,b,c\n", None, 0, ""),
    ("csv_one_unit", M, b"unit_id,a,b,c\nu1,1,2,3\n", None, 0, ""),
    ("csv_every_value_missing", M, b"unit_id,a,b,c\nu1,,,\nu2,NA,,\n", None, 0, ""),
    ("csv_ragged_long_row", M, b"unit_id,a,b,c\nu1,1,2,3,4\n", None, 3, "bad.csv:2"),
    ("csv_ragged_short_row", M, b"unit_id,a,b,c\nu1,1,2\n", None, 3, "bad.csv:2"),
    ("csv_missing_id_column", M, b"id,a,b,c\nu1,1,2,3\n", None, 3, "unit_id"),
    ("csv_missing_model_column", M, b"unit_id,a,b\nu1,1,2\n", None, 3, "c"),
    ("csv_duplicate_unit", M, b"unit_id,a,b,c\nu1,1,2,3\nu1,4,5,6\n", None, 3, "bad.csv:3"),
    ("csv_empty_unit_id", M, b"unit_id,a,b,c\n,1,2,3\n", None, 3, "bad.csv:2"),
    ("csv_duplicate_column", M, b"unit_id,a,a,b,c\nu1,1,1,2,3\n", None, 3, "bad.csv:1"),
    ("csv_unterminated_quote", M, b'unit_id,a,b,c\n"u1,1,2,3\n', None, 3, "bad.csv:2"),
    ("csv_quote_inside_field", M, b'unit_id,a,b,c\nu"1,1,2,3\n', None, 0, ""),  # a quote inside an unquoted field is kept
    ("csv_semicolons", M, b"unit_id;a;b;c\nu1;1;2;3\n", None, 3, "unit_id"),
    ("csv_cr_only", M, b"unit_id,a,b,c\ru1,1,2,3\ru2,4,5,6\r", None, 3, "bad.csv"),
    ("csv_crlf", M, b"unit_id,a,b,c\r\nu1,1,2,3\r\nu2,4,5,6\r\n", None, 0, ""),
    ("csv_bom_at_start", M, b"\xef\xbb\xbfunit_id,a,b,c\nu1,1,2,3\n", None, 0, ""),
    ("csv_bom_in_middle", M, b"unit_id,a,b,c\nu1,\xef\xbb\xbf1,2,3\n", None, 3, "bad.csv:2"),
    ("csv_invalid_utf8_id", M, b"unit_id,a,b,c\n\xff\xfe,1,2,3\n", None, 3, ":2:1: invalid UTF-8"),
    ("csv_embedded_nul", M, b"unit_id,a,b,c\nu1,1\x002,2,3\n", None, 3, "bad.csv:2"),
    ("csv_nan_text", M, b"unit_id,a,b,c\nu1,nan,2,3\n", None, 0, ""),
    ("csv_inf", M, b"unit_id,a,b,c\nu1,inf,2,3\n", None, 3, "bad.csv:2"),
    ("csv_overflow_1e309", M, b"unit_id,a,b,c\nu1,1e309,2,3\n", None, 3, "bad.csv:2"),
    ("csv_1e308", M, b"unit_id,a,b,c\nu1,1e308,2,3\nu2,-1e308,2,3\n", None, 0, ""),
    ("csv_negative_zero", M, b"unit_id,a,b,c\nu1,-0,-0,-0\nu2,0,1,1\n", None, 0, ""),
    ("csv_denormals", M, b"unit_id,a,b,c\nu1,4.9e-324,4.9e-324,4.9e-324\nu2,1e-310,0,1\n", None, 0, ""),
    ("csv_text_in_numeric", M, b"unit_id,a,b,c\nu1,abc,2,3\n", None, 3, "bad.csv:2"),
    ("csv_hex_number", M, b"unit_id,a,b,c\nu1,0x10,2,3\n", None, 3, "bad.csv:2"),
    ("csv_field_1mb", M, "gen_field_1mb.csv", None, 3, "bad.csv:3"),
    ("csv_id_1mb", M, "gen_id_1mb.csv", None, 0, ""),
    ("csv_text_1mb", M, "gen_text_1mb.csv", None, 3, "bad.csv:3"),
    ("csv_blank_lines", M, b"\n\nunit_id,a,b,c\n\nu1,1,2,3\n\n", None, 0, ""),
    ("csv_chinese_quoted_ids", M, "unit_id,a,b,c\n\"东区,一号\",1,2,3\n\"西区\"\"二\"\"\",4,5,6\n".encode(), None, 0, ""),
    # --- fitted state ---
    ("fitted_empty", M, D, b"", 6, "not valid JSON"),
    ("fitted_truncated", M, D, b'{"civiscore_fitted":1,"model', 6, "not valid JSON"),
    ("fitted_wrong_version", M, D, b'{"civiscore_fitted":2}', 6, "/civiscore_fitted"),
    ("fitted_other_model", M, D, b'{"civiscore_fitted":1,"model_sha256":"00","indicators":{}}', 6, "made for model 00"),
    ("fitted_number_overflow", M, D, b'{"civiscore_fitted":1,"model_sha256":"00","indicators":{"b":{"count":1e999}}}', 6, "not valid JSON"),
    ("fitted_missing_indicator", M, D, "FITTED:{}", 6, "/indicators/b"),
    ("fitted_count_huge", M, D, 'FITTED:{"b":{"count":1e300,"min":0,"max":1,"mean":0.5,"m2":0},"c":{"count":2,"min":0,"max":1,"mean":0.5,"m2":0.5}}', 6, "/indicators/b/count"),
    ("fitted_min_above_max", M, D, 'FITTED:{"b":{"count":2,"min":5,"max":1,"mean":0.5,"m2":0},"c":{"count":2,"min":0,"max":1,"mean":0.5,"m2":0.5}}', 6, "/indicators/b"),
    ("fitted_null_stat", M, D, 'FITTED:{"b":{"count":2,"min":0,"max":1,"mean":0.5,"m2":null},"c":{"count":2,"min":0,"max":1,"mean":0.5,"m2":0.5}}', 6, "/indicators/b/m2"),
    ("fitted_extra_indicator", M, D, 'FITTED:{"a":{"count":2,"min":0,"max":1,"mean":0.5,"m2":0},"b":{"count":2,"min":0,"max":1,"mean":0.5,"m2":0},"c":{"count":2,"min":0,"max":1,"mean":0.5,"m2":0.5}}', 6, "/indicators/a"),
]


def deep_tree(levels):
    node = {"id": "leaf", "rule": {"type": "binary"}}
    for k in range(levels):
        node = {"id": "g%d" % k, "children": [node]}
    return {"civiscore_model": 1, "id": "deep", "name": "deep", "root": node}


def main():
    os.makedirs(FILES, exist_ok=True)
    for name in os.listdir(FILES):
        os.remove(os.path.join(FILES, name))
    with open(os.path.join(FILES, M), "wb") as f:
        f.write(j(GOOD_MODEL))
    with open(os.path.join(FILES, D), "wb") as f:
        f.write(GOOD_CSV.encode())
    rows = []
    for cid, model, data, fitted, status, fragment in CASES:
        if cid == "model_tree_depth_70":
            model = j(deep_tree(70))
            data = b"unit_id,leaf\nu1,1\n"
        names = []
        for kind, content, ext in (("model", model, "json"), ("data", data, "csv"), ("fitted", fitted, "json")):
            if content is None:
                names.append("-")
            elif isinstance(content, str) and not content.startswith("FITTED:"):
                names.append(content)  # a shared file or a generated one
            else:
                name = "%s.%s.%s" % (cid, kind, ext)
                with open(os.path.join(FILES, name), "wb") as f:
                    f.write(content.encode() if isinstance(content, str) else content)
                names.append(name)
        rows.append("\t".join([cid] + names + [str(status), fragment]))
    with open(os.path.join(HERE, "cases.tsv"), "w", encoding="utf-8") as f:
        f.write("# id\tmodel\tdata\tfitted\tstatus\tfragment  (generated by make_cases.py; status: civiscore.h codes)\n")
        f.write("\n".join(rows) + "\n")
    print("%d cases" % len(rows))


if __name__ == "__main__":
    sys.exit(main())
