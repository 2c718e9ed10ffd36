#!/usr/bin/env python3
"""Brings api-gateway/src/main/resources/apidocs/operations.yaml up to date with the gateway's routes.

Reads the routes from docs/openapi.json (as written by ApiReferenceIT with -Dapi-reference.write=true), the error
codes from docs/errors.md, and the controllers' Javadoc for summaries. Entries already in operations.yaml are kept as
they are (edit them by hand); new routes get a skeleton: dialect by path, summary from the handler's Javadoc (or its
name), and the error codes its path and method can answer. Needs PyYAML. Run from the repository root:

    python3 tools/openapi/operations.py
"""
import json
import pathlib
import re

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "api-gateway/src/main/resources/apidocs/operations.yaml"
SOURCES = ROOT / "api-gateway/src/main/java/cloud/ims/gateway"
METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


def error_codes():
    codes = {}
    for line in (ROOT / "docs/errors.md").read_text().splitlines():
        m = re.match(r"\| `([A-Za-z]+\.\d+)` \| ([^|]+) \| (.+) \|$", line)
        if not m:
            continue
        status = re.search(r"\d{3}", m.group(2))
        if status:
            meaning = re.sub(r"\[([^]]+)\]\([^)]+\)", r"\1", m.group(3)).strip()
            codes[m.group(1)] = {"status": int(status.group(0)), "meaning": meaning}
    return codes


def normalise(path):
    return re.sub(r"\{[^}]+\}", "{}", path)


def javadoc_summaries():
    """METHOD + normalised path -> first sentence of the handler's Javadoc, or its name made readable."""
    found = {}
    for source in SOURCES.rglob("*.java"):
        if "/console/" in str(source):
            continue
        text = source.read_text()
        prefix = ""
        cls = re.search(r"@RequestMapping\(\s*(?:path\s*=\s*|value\s*=\s*)?\"([^\"]+)\"\s*\)\s*(?:@\w+(?:\([^)]*\))?\s*)*(?:public\s+)?(?:final\s+)?class", text)
        if cls:
            prefix = cls.group(1)
        for m in re.finditer(r"@(Get|Post|Put|Delete|Patch|Request)Mapping\(([^)]*)\)", text):
            head = text[:m.start()]
            paths = re.findall(r"\"([^\"]*)\"", m.group(2)) or [""]
            verb = m.group(1).upper()
            if verb == "REQUEST":
                verbs = re.findall(r"RequestMethod\.(\w+)", m.group(2))
                if not verbs:
                    continue
            else:
                verbs = [verb]
            rest = text[m.end():]
            name = re.search(r"\s(\w+)\s*\(", re.sub(r"@\w+(\([^)]*\))?", " ", rest[:400]))
            doc = None
            tail = head[-1500:]
            block = max(tail.rfind(";"), tail.rfind("}"), tail.rfind("{"))
            jd = re.search(r"/\*\*(.*?)\*/", tail[block + 1:], re.S)
            if jd:
                doc = " ".join(l.strip().lstrip("*").strip() for l in jd.group(1).splitlines()).strip()
                doc = re.sub(r"\{@(?:code|link) ([^}]+)\}", r"\1", doc)
            for p in paths:
                for v in verbs:
                    summary = None
                    if doc:
                        summary = re.split(r"(?<=[.:;])\s", doc, maxsplit=1)[0].rstrip(".:;")
                    elif name:
                        words = re.sub(r"([A-Z])", r" \1", name.group(1)).strip().lower()
                        summary = words[:1].upper() + words[1:]
                    found[v + " " + normalise(prefix + p)] = {"summary": summary, "description": doc}
    return found


def dialect(path):
    if path.startswith("/v3.0/OS-CREDENTIAL"):
        return "IAM credentials"
    if path == "/v3" or path.startswith("/v3/"):
        return "Keystone v3"
    if path.startswith(("/v2/images", "/v2/schemas", "/v2/info")) or path in ("/v2", "/v2/"):
        return "Glance v2"
    if "cloudservers" in path or "flavors" in path or path.startswith("/v1.1/"):
        return "Huawei ECS"
    if "cloudimages" in path or re.match(r"^/v[12]/\{[^}]+\}/images", path):
        return "Huawei IMS"
    return "IMS extensions"


def errors_for(method, path, tag):
    codes = []
    if tag == "Keystone v3":
        if path == "/v3/auth/tokens":
            codes += {"POST": ["IAM.0201", "IAM.0202", "IAM.0205", "IAM.0206"]}.get(method, ["IMS.0401", "IAM.0203"])
            return codes + ["IMS.0500"]
        if path in ("/v3", "/v3/"):
            return ["IMS.0500"]
        codes += ["IMS.0400", "IMS.0401", "IAM.0212"]
        if "/users" in path:
            codes += ["IAM.0204", "IAM.0209", "IAM.0211"] if method in ("POST", "PATCH", "PUT") else ["IAM.0204"]
        if "/projects" in path:
            codes += ["IAM.0207", "IAM.0210"] if method == "POST" else ["IAM.0207"]
        if "/roles" in path:
            codes += ["IAM.0208"]
        return codes + ["IMS.0500", "IMS.0503"]
    public = (method == "GET" and (path in ("/", "/versions", "/v2", "/v2/") or path.startswith("/v1/events/schemas")))
    if not public:
        codes += ["IMS.0401", "IMS.0403"]
    if method in ("POST", "PUT", "PATCH") or method == "GET":
        codes += ["IMS.0400"]
    if method == "POST":
        codes += ["IMS.0409"]
    if tag == "IAM credentials":
        codes += ["IAM.0301", "IAM.0306"]
        codes += ["IAM.0302", "IAM.0304", "IAM.0305"] if method == "POST" else ["IAM.0303", "IAM.0305"]
    has_id = re.search(r"\{[^}]*(image|id)[^}]*\}", path, re.I) is not None
    if tag in ("Huawei IMS", "Glance v2") and "/images" in path or "cloudimages" in path:
        if has_id or "/file" in path:
            codes += ["IMG.0027"]
        if "tags" in path or "tag" in path.split("/")[-1]:
            codes += ["IMG.0010", "IMG.0011", "IMG.0012", "IMG.0013", "IMG.0014"]
            if method == "DELETE":
                codes += ["IMG.0098"]
        elif path.endswith("/file"):
            codes += ["IMG.0602"] if method == "GET" else ["IMG.0092", "IMG.0424", "IMG.0425", "IMS.0408"]
        elif path.endswith("/import"):
            codes += ["IMG.0008", "IMG.0092", "IMG.0426"]
        elif "/actions/" in path:
            codes += ["IMG.0601", "IMG.0603", "IMG.0094"]
        elif path.endswith("/copy"):
            codes += ["IMG.0009", "IMG.0611", "IMG.0612", "IMG.0429"]
        elif method == "DELETE":
            codes += ["IMG.0028", "IMG.0090", "IMG.0094"]
        elif method == "PATCH":
            codes += ["IMG.0001", "IMG.0002", "IMG.0091", "IMG.0094", "IMG.0096", "IMG.0097"]
        elif method == "POST":
            codes += ["IMG.0001", "IMG.0002", "IMG.0003", "IMG.0004", "IMG.0005", "IMG.0006", "IMG.0007",
                      "IMG.0009", "IMG.0094", "IMG.0099", "IMG.0426", "IMG.0429", "Ecs.0406"]
        if "frequent" in path and method in ("POST", "PUT"):
            codes += ["IMG.0095"]
    if tag == "Huawei ECS" and "cloudservers" in path:
        if method == "POST" and path.endswith("cloudservers"):
            codes += ["Ecs.0005", "Ecs.0039", "Ecs.0114", "Ecs.0115", "Ecs.0117", "Ecs.0429"]
        elif re.search(r"\{[^}]+\}", path.split("cloudservers", 1)[1]):
            codes += ["Ecs.0404"] + (["Ecs.0406"] if method != "GET" else [])
        else:
            codes += ["Ecs.0005"] if method == "GET" else []
    if "/jobs/" in path or "/job/" in path:
        codes += ["IMS.0044"]
    codes += ["IMS.0500"]
    if not public:
        codes += ["IMS.0503"]
    seen = []
    for c in codes:
        if c not in seen:
            seen.append(c)
    return seen


def main():
    catalogue = yaml.safe_load(CATALOGUE.read_text()) if CATALOGUE.exists() else {}
    operations = catalogue.get("operations") or {}
    document = json.loads((ROOT / "docs/openapi.json").read_text())
    summaries = javadoc_summaries()
    added = []
    for path, item in document.get("paths", {}).items():
        for method in METHODS:
            if method not in item:
                continue
            key = method.upper() + " " + path
            if key in operations:
                continue
            tag = dialect(path)
            found = summaries.get(method.upper() + " " + normalise(path), {})
            entry = {"tag": tag,
                     "summary": found.get("summary") or (method.upper() + " " + path)}
            if found.get("description") and found["description"] != entry["summary"]:
                entry["description"] = found["description"]
            entry["errors"] = errors_for(method.upper(), path, tag)
            operations[key] = entry
            added.append(key)
    out = {"operations": dict(sorted(operations.items(), key=lambda kv: (kv[0].split(" ", 1)[1], kv[0]))),
           "errors": error_codes()}
    header = ("# The API reference's operations, keyed by METHOD and path as docs/openapi.json names them: dialect (tag),\n"
              "# summary, description, an optional success example and the error codes each route can answer; the errors\n"
              "# section is docs/errors.md. New routes: python3 tools/openapi/operations.py (README, \"API reference\").\n")
    CATALOGUE.write_text(header + yaml.safe_dump(out, sort_keys=False, allow_unicode=True, width=120))
    for key in added:
        print("added", key)


if __name__ == "__main__":
    main()
