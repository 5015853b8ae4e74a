"""conformance.py — check real HTTP responses against docs/bank-api.yaml.

Spec(path) loads the OpenAPI 3.0 document.  Spec.check_document() validates the document itself
(the official OpenAPI 3.0 JSON Schema from Debian's openapi-specification package, plus checks
that schema cannot make: every $ref resolves, every path parameter is declared, every schema is
valid JSON Schema).  Spec.check_response() finds the operation by base path + path template +
method, then the response by status, and returns a list of violations (empty = conforms): an
undocumented status, a wrong media type, a missing required header, a body that fails the
response schema, and the semantic rules the schema has extensions for (x-status-by-type,
x-minor-units, x-fallback).

Run as a script to validate the document: /usr/bin/python3 conformance.py docs/bank-api.yaml
"""

import json
import re
import sys

import jsonschema
import yaml

OPENAPI_30_SCHEMA = "/usr/share/openapi-specification/schemas/v3.0/schema.json"
PROBLEM_PREFIX = "https://bankterm.dev/problems/"


def _media_type(value):
    return (value or "").split(";")[0].strip().lower()


def _is_json_media(media):
    return media == "application/json" or media.endswith("+json")


def _walk_refs(node, path="#"):
    """Yield (where, ref) for every $ref in node."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield path, value
            else:
                yield from _walk_refs(value, path + "/" + str(key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk_refs(value, "%s/%d" % (path, i))


def to_json_schema(node):
    """Translate an OpenAPI 3.0 Schema Object into draft-04 JSON Schema.

    `nullable: true` becomes anyOf [null, the schema]; OpenAPI-only keywords that JSON Schema
    would ignore anyway (description, example, x-*) are kept since they are harmless.
    """
    if isinstance(node, list):
        return [to_json_schema(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in ("properties", "patternProperties", "definitions"):
            out[key] = {k: to_json_schema(v) for k, v in value.items()}
        elif key == "nullable":
            continue
        else:
            out[key] = to_json_schema(value)
    if node.get("nullable") is True:
        return {"anyOf": [{"type": "null"}, out]}
    return out


class Spec:
    """One loaded OpenAPI document and the matcher built from it."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            self.doc = yaml.safe_load(f)
        self.path = path
        schemas = self.doc.get("components", {}).get("schemas", {})
        self._root = {"components": {"schemas": to_json_schema(schemas)}}
        self._resolver = jsonschema.RefResolver("", self._root)
        default_bases = [s["url"] for s in self.doc.get("servers", [])]
        self.bases = set(default_bases)
        self._routes = []
        for template, item in self.doc.get("paths", {}).items():
            bases = [s["url"] for s in item.get("servers", [])] or default_bases
            self.bases.update(bases)
            regex = "^" + re.sub(r"\\\{[^}]+\\\}", "([^/]+)", re.escape(template)) + "$"
            self._routes.append((re.compile(regex), template, set(bases), item))
        self.status_by_type = schemas.get("Problem", {}).get("x-status-by-type", {})
        self.minor_units = schemas.get("Money", {}).get("x-minor-units", {})

    def deref(self, node):
        """Follow a local $ref (#/a/b) chain to the object it names."""
        seen = 0
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if not ref.startswith("#/"):
                raise ValueError("only local $ref are supported: " + ref)
            target = self.doc
            for part in ref[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node = target
            seen += 1
            if seen > 20:
                raise ValueError("$ref loop at " + ref)
        return node

    # --- the document itself -------------------------------------------------------------

    def check_document(self):
        """Return a list of problems with the document (empty = valid)."""
        problems = []
        with open(OPENAPI_30_SCHEMA, encoding="utf-8") as f:
            meta = json.load(f)
        validator = jsonschema.Draft4Validator(meta)
        for e in sorted(validator.iter_errors(self.doc), key=lambda e: list(e.path)):
            problems.append("OpenAPI 3.0 schema: at /%s: %s" % (
                "/".join(str(p) for p in e.path), e.message[:300]))
        for where, ref in _walk_refs(self.doc):
            try:
                self.deref({"$ref": ref})
            except (KeyError, TypeError, ValueError):
                problems.append("unresolved $ref %s at %s" % (ref, where))
        for name, schema in self._root["components"]["schemas"].items():
            try:
                jsonschema.Draft4Validator.check_schema(schema)
            except jsonschema.SchemaError as e:
                problems.append("schema %s is not valid JSON Schema: %s" % (name, e.message))
        for template, item in self.doc.get("paths", {}).items():
            names = set(re.findall(r"\{([^}]+)\}", template))
            for method, op in item.items():
                if method not in ("get", "post", "put", "delete", "patch"):
                    continue
                declared = set()
                for p in op.get("parameters", []) + item.get("parameters", []):
                    p = self.deref(p)
                    if p.get("in") == "path":
                        declared.add(p["name"])
                if names != declared:
                    problems.append("%s %s: path parameters %s but declared %s" % (
                        method.upper(), template, sorted(names), sorted(declared)))
        problem = self.doc["components"]["schemas"].get("Problem", {})
        slugs = {t[len(PROBLEM_PREFIX):] for t in problem["properties"]["type"]["enum"]}
        slugs |= {"sca-required", "sca-failed"}
        if slugs != set(self.status_by_type):
            problems.append("Problem x-status-by-type %s differs from the type enum %s" % (
                sorted(set(self.status_by_type)), sorted(slugs)))
        return problems

    # --- responses -----------------------------------------------------------------------

    def find(self, method, path):
        """Return (operation or None, template, fallback key or None) for a request path."""
        path = path.split("?", 1)[0]
        base = "/" + path.lstrip("/").split("/", 1)[0]
        rest = path[len(base):] or "/"
        if base not in self.bases:
            return None, None, "unknown-path"
        path_known = None
        for regex, template, bases, item in self._routes:
            if base in bases and regex.match(rest):
                op = item.get(method.lower())
                if op is not None:
                    return op, template, None
                path_known = template
        if path_known is not None:
            return None, path_known, "wrong-method"
        return None, None, "unknown-path"

    def check_response(self, method, path, status, headers, body):
        """Violations of the contract by one response (headers: dict, lower-case names)."""
        op, template, fallback = self.find(method, path)
        where = "%s %s -> %d" % (method, path, status)
        if op is None:
            response = self.deref(self.doc["x-fallback"][fallback])
            expected = 404 if fallback == "unknown-path" else 405
            if status != expected:
                return ["%s: %s (%s) must answer %d" % (where, fallback, template or path,
                                     expected)]
        else:
            responses = op["responses"]
            response = responses.get(str(status)) or responses.get("default")
            if response is None:
                return ["%s: status %d is not documented for %s %s (documented: %s)" % (
                    where, status, method, template, ", ".join(sorted(responses)))]
            response = self.deref(response)
        return self._check_against(where, response, status, headers, body)

    def _check_against(self, where, response, status, headers, body):
        out = []
        for name, header in response.get("headers", {}).items():
            header = self.deref(header)
            value = headers.get(name.lower())
            if value is None:
                if header.get("required"):
                    out.append("%s: required header %s missing" % (where, name))
                continue
            schema = header.get("schema", {})
            if schema.get("type") == "integer" and not re.fullmatch(r"[0-9]+", value):
                out.append("%s: header %s %r is not an integer" % (where, name, value))
            if "enum" in schema and value not in schema["enum"]:
                out.append("%s: header %s %r not in %s" % (where, name, value,
                                     schema["enum"]))
        content = response.get("content")
        if not content:
            if body:
                out.append("%s: body where none is documented" % where)
            return out
        media = _media_type(headers.get("content-type"))
        if media not in content:
            out.append("%s: Content-Type %r, documented: %s" % (
                where, headers.get("content-type"), ", ".join(content)))
            return out
        schema = content[media].get("schema", {})
        if _is_json_media(media):
            try:
                value = json.loads(body.decode("utf-8"))
            except (UnicodeDecodeError, ValueError) as e:
                out.append("%s: body is not JSON (%s): %r" % (where, e, body[:120]))
                return out
        else:
            value = body.decode("utf-8", "replace")
        out += ["%s: %s" % (where, m) for m in self.validate(schema, value)]
        if isinstance(value, dict) and isinstance(value.get("type"), str) and \
                value["type"].startswith(PROBLEM_PREFIX):
            out += ["%s: %s" % (where, m) for m in self._problem_rules(value, status, headers)]
        out += ["%s: %s" % (where, m) for m in self._money_rules(value, "")]
        return out

    def validate(self, schema, value):
        """Violations of one OpenAPI schema by a decoded value (messages with JSON paths)."""
        translated = to_json_schema(schema)
        validator = jsonschema.Draft4Validator(translated, resolver=self._resolver,
                               format_checker=jsonschema.FormatChecker())
        out = []
        for e in validator.iter_errors(value):
            out.append(self._describe(e))
        return out

    @staticmethod
    def _describe(error):
        best = jsonschema.exceptions.best_match([error]) or error
        path = "/" + "/".join(str(p) for p in best.absolute_path)
        text = "at %s: %s" % (path, best.message)
        for sub in (error.context or [])[:4]:
            text += " | alt: at /%s: %s" % ("/".join(str(p) for p in sub.absolute_path),
                             sub.message[:160])
        return text[:800]

    def _problem_rules(self, problem, status, headers):
        out = []
        slug = problem["type"][len(PROBLEM_PREFIX):]
        if problem.get("status") != status:
            out.append("problem status %r differs from HTTP status %d" % (
                problem.get("status"), status))
        expected = self.status_by_type.get(slug)
        if expected is not None and expected != status:
            out.append("problem %s must be sent with %d, not %d" % (slug, expected, status))
        if slug == "invalid-token" and \
                "invalid_token" not in headers.get("www-authenticate", ""):
            out.append('invalid-token without WWW-Authenticate: Bearer error="invalid_token"')
        return out

    def _money_rules(self, value, path):
        """Money amounts must have exactly the currency's minor-unit digits."""
        out = []
        if isinstance(value, dict):
            if set(value) == {"amount", "currency"} and isinstance(value["amount"], str):
                digits = self.minor_units.get(value["currency"])
                amount = value["amount"]
                have = len(amount.split(".", 1)[1]) if "." in amount else 0
                if digits is not None and have != digits:
                    out.append("at %s: %s %s has %d decimals, %s has %d" % (
                        path or "/", amount, value["currency"], have,
                        value["currency"], digits))
            for key, sub in value.items():
                out += self._money_rules(sub, "%s/%s" % (path, key))
        elif isinstance(value, list):
            for i, sub in enumerate(value):
                out += self._money_rules(sub, "%s/%d" % (path, i))
        return out


def main(argv):
    if len(argv) != 2:
        print("usage: conformance.py docs/bank-api.yaml", file=sys.stderr)
        return 2
    problems = Spec(argv[1]).check_document()
    for p in problems:
        print(p)
    print("%s: %s" % (argv[1], "valid" if not problems else "%d problems" % len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

