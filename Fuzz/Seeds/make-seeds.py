#!/usr/bin/env python3
"""Writes the seed corpora in Fuzz/Seeds/<target>/ from real inputs and a few hand-written ones.

Run from anywhere: python3 Fuzz/Seeds/make-seeds.py [SHARED_DATA]. SHARED_DATA defaults to
../shared/data beside the repository. The seeds are committed; rerun only to refresh them.
"""
import hashlib, json, os, sys

here = os.path.dirname(os.path.abspath(__file__))
data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "..", "shared", "data")

def write(target, content):
    os.makedirs(os.path.join(here, target), exist_ok=True)
    name = hashlib.sha1(content).hexdigest()[:16]
    with open(os.path.join(here, target, name), "wb") as f:
        f.write(content)

# HTTP: byte 0 picks limits and piece size, bytes 1-2 seed the split, then the wire text.
requests = [case["request"].encode("latin-1") for case in json.load(open(os.path.join(data, "http", "cases.json")))]
requests += [
    b"POST /arrays HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{\"name\":\"demo\"}",
    b"PUT /arrays/demo/registers/2?process=alice HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\n{\"val\r\n9\r\nue\":\"hi\"}\r\n0\r\nX-Trailer: t\r\n\r\n",
    b"POST /histories HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n[]",
    b"GET / HTTP/1.0\r\n\r\nGET /livez HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET https://example.com?x=1 HTTP/1.1\r\nHost: example.com\r\n\r\n",
    b"GET /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 3\r\n\r\nabcGET /b HTTP/1.1\r\nHost: x\r\n\r\n",
]
for i, request in enumerate(requests):
    write("fuzz-http-parser", bytes([i % 10, i % 7, 0]) + request)
    write("fuzz-http-parser", bytes([1, 0, 0]) + request)  # small limits, single bytes

# JSON: documents from the shared histories and the edges of the grammar.
json_docs = [
    b'{"a":[1,-0,2.5e-3,12345678901234567890123,true,false,null],"b":"\\u00e9\\ud83d\\ude00\\n"}',
    b'[]', b'{}', b'"\\u0000"', b'-1E+2', b'[[[[[]]]]]', b'{"a":{"b":{"c":[1,{"d":null}]}}}',
]
levels = sorted(os.listdir(os.path.join(data, "levels")), key=lambda n: (os.path.getsize(os.path.join(data, "levels", n)), n))
for name in levels[:4]:
    json_docs.append(open(os.path.join(data, "levels", name), "rb").read())
for doc in json_docs:
    write("fuzz-json", doc)

# Histories: byte 0 picks the format (native, edn, jepsen-json, text, porcupine, detect, detect only).
NATIVE, EDN, JEPSEN_JSON, TEXT, PORCUPINE, DETECT = 0, 1, 2, 3, 4, 5
histories = []
for name in levels[:4]:
    histories.append((NATIVE, open(os.path.join(data, "levels", name), "rb").read()))
for folder in ["knossos/cas-register/good", "knossos/cas-register/bad", "register/knossos-derived/good"]:
    path = os.path.join(data, folder)
    names = sorted(os.listdir(path), key=lambda n: os.path.getsize(os.path.join(path, n)))
    for name in names[:3]:
        content = open(os.path.join(path, name), "rb").read()
        if len(content) <= 4096:
            histories.append((NATIVE if name.endswith(".json") else EDN, content))
histories += [
    (EDN, b"#jepsen.history.Op{:index 0, :time 10, :type :invoke, :process 0, :f :write, :value 1}\n"
          b"#jepsen.history.Op{:index 1, :time 20, :type :ok, :process 0, :f :write, :value 1}"),
    (EDN, b"; comment\n({:process 0, :type :invoke, :f :cas, :value [1 2]} {:process 0, :type :fail, :f :cas, :value [1 2]}\n"
          b" {:process :nemesis, :type :info, :f :start, :value #{\"a\" \\b 1.5M 7N}})"),
    (EDN, b"[{:process 0, :type :invoke, :f :write, :value [:a 1]}\n {:process 0, :type :ok, :f :write, :value [:a 1]}\n"
          b" {:process 1, :type :invoke, :f :read, :value [:a nil]}\n {:process 1, :type :ok, :f :read, :value [:a 1]}]"),
    (JEPSEN_JSON, b'[{"type": "invoke", "f": "write", "value": 1, "process": 0, "time": 5},'
                  b' {"type": "ok", "f": "write", "value": 1, "process": 0},'
                  b' {"type": "invoke", "f": "read", "value": null, "process": 1}, {"type": "info", "f": "read", "process": 1}]'),
    (TEXT, b"0\t:invoke\t:write\t1\n0\t:ok\t:write\t1\n1\t:invoke\t:read\tnil\n1\t:ok\t:read\t1\n"),
    (TEXT, b"INFO jepsen.util - 3\t:invoke\t:cas\t[1 2]\nINFO jepsen.util - 3\t:fail\t:cas\t[1 2]\n"),
    (PORCUPINE, b'[{"clientId": 0, "input": {"op": "write", "value": 1}, "call": 0, "output": null, "return": 10},'
                b' {"clientId": 1, "input": {"op": "read"}, "call": 5, "output": {"value": 1}, "return": 15},'
                b' {"clientId": 6, "input": {"op": "cas", "key": 3, "value": [1, 2]}, "call": 14, "output": {"ok": false}, "return": 16}]'),
    (NATIVE, b'{"name": "n", "model": "cas-register", "initial": 0, "operations": [{"id": 0, "process": "p0", '
             b'"register": "r", "kind": "cas", "expected": 0, "value": "1", "invoke": 1, "status": "info"}]}'),
]
for selector, content in histories:
    write("fuzz-histories", bytes([selector]) + content)
    write("fuzz-histories", bytes([DETECT]) + content)

# Multipart: the content type, LF, then the body, as the upload form sends it.
write("fuzz-multipart",
      b"multipart/form-data; boundary=----b1\n"
      b"------b1\r\nContent-Disposition: form-data; name=\"format\"\r\n\r\nedn\r\n"
      b"------b1\r\nContent-Disposition: form-data; name=\"file\"; filename=\"h.edn\"\r\nContent-Type: application/edn\r\n\r\n"
      b"[{:process 0, :type :invoke, :f :read}]\r\n------b1--\r\n")
write("fuzz-multipart", b"multipart/form-data; boundary=\"x y\"\n--x y\r\n\r\n\r\n--x y--")
write("fuzz-multipart", b"text/plain\n--\r\n\r\n")
