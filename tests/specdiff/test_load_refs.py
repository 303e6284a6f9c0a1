"""$ref: external files bundled into local pointers, cycles, dangling refs as located warnings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from specdiff import LoadedSpec, load_spec
from specdiff._load._refs import iter_refs
from tests.fixtures.specs import StaticServer


@pytest.fixture
def bundled(load_data: Path) -> LoadedSpec:
    return load_spec(str(load_data / "bundle" / "openapi.yaml"))


def test_external_targets_become_components(bundled: LoadedSpec) -> None:
    components = bundled.document["components"]
    assert components["schemas"]["Item"]["properties"]["parent"] == {"$ref": "#/components/schemas/Item"}
    assert components["schemas"]["Item"]["properties"]["tags"]["items"] == {"$ref": "#/components/schemas/Tag"}
    assert components["schemas"]["Tag"] == {"type": "string", "maxLength": 20}
    assert components["parameters"]["Id"]["name"] == "id"
    assert components["responses"]["NotFound"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Tag"
    }
    assert components["schemas"]["Local"]["properties"]["item"] == {"$ref": "#/components/schemas/Item"}


def test_path_items_are_inlined(bundled: LoadedSpec) -> None:
    items = bundled.document["paths"]["/items"]
    assert "$ref" not in items
    schema = items["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["items"] == {"$ref": "#/components/schemas/Item"}


def test_only_local_refs_remain_except_dangling(bundled: LoadedSpec) -> None:
    refs = [ref for _p, _n, ref in iter_refs(bundled.document)]
    assert [r for r in refs if not r.startswith("#")] == ["./missing.yaml"]
    resolved = bundled.resolve(bundled.document["components"]["schemas"]["Item"]["properties"]["parent"])
    assert resolved["type"] == "object"  # the cycle Item -> parent -> Item resolves without looping


def test_dangling_refs_are_located_warnings(bundled: LoadedSpec) -> None:
    warnings = {w.pointer: w for w in bundled.located_warnings()}
    missing_file = warnings["/paths/~1items~1{id}/get/responses/500/content/application~1json/schema"]
    assert missing_file.code == "dangling-ref"
    assert "./missing.yaml" in missing_file.message and "no such file" in missing_file.message
    assert (missing_file.line, missing_file.col) == (22, 15)
    missing_pointer = warnings["/components/schemas/Local/properties/gone"]
    assert "#/components/schemas/Nowhere" in missing_pointer.message
    assert missing_pointer.line == 29


def test_name_collisions_get_the_file_stem(write_spec: Callable[..., Path]) -> None:
    write_spec("other.yaml", "Pet: {type: integer}\n")
    root = write_spec(
        "openapi.yaml",
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        "    Pet: {type: string}\n    Both: {anyOf: [{$ref: '#/components/schemas/Pet'}, {$ref: 'other.yaml#/Pet'}]}\n",
    )
    doc = load_spec(str(root)).document
    assert doc["components"]["schemas"]["Both"]["anyOf"][1] == {"$ref": "#/components/schemas/other_Pet"}
    assert doc["components"]["schemas"]["other_Pet"] == {"type": "integer"}


def test_swagger_external_refs_land_in_definitions(write_spec: Callable[..., Path]) -> None:
    write_spec("defs.yaml", "Money: {type: number}\n")
    root = write_spec(
        "swagger.yaml",
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n"
        "        200: {description: ok, schema: {$ref: 'defs.yaml#/Money'}}\n",
    )
    doc = load_spec(str(root)).document
    assert doc["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Money"
    }
    assert doc["components"]["schemas"]["Money"] == {"type": "number"}


def test_cyclic_external_files(write_spec: Callable[..., Path]) -> None:
    write_spec("a.yaml", "A: {type: object, properties: {b: {$ref: 'b.yaml#/B'}}}\n")
    write_spec("b.yaml", "B: {type: object, properties: {a: {$ref: 'a.yaml#/A'}}}\n")
    root = write_spec(
        "openapi.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Root: {$ref: 'a.yaml#/A'}\n",
    )
    spec = load_spec(str(root))
    schemas: dict[str, Any] = spec.document["components"]["schemas"]
    assert schemas["Root"] == {"$ref": "#/components/schemas/A"}
    assert schemas["A"]["properties"]["b"] == {"$ref": "#/components/schemas/B"}
    assert schemas["B"]["properties"]["a"] == {"$ref": "#/components/schemas/A"}
    assert spec.warnings == []


def test_self_referencing_local_ref_is_safe(write_spec: Callable[..., Path]) -> None:
    root = write_spec(
        "openapi.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        "    Loop: {$ref: '#/components/schemas/Loop'}\n",
    )
    spec = load_spec(str(root))
    assert spec.resolve({"$ref": "#/components/schemas/Loop"}) is None


def test_remote_refs_only_when_asked(static_server: StaticServer, write_spec: Callable[..., Path]) -> None:
    (static_server.root / "money.yaml").write_text("Money: {type: number, minimum: 0}\n")
    root = write_spec(
        "openapi.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        f"    Price: {{$ref: '{static_server.url}/money.yaml#/Money'}}\n",
    )
    plain = load_spec(str(root))
    assert plain.document["components"]["schemas"]["Price"]["$ref"].startswith("http://127.0.0.1")
    assert [w.code for w in plain.warnings] == ["dangling-ref"]
    assert "allow_remote_refs" in plain.warnings[0].message
    fetched = load_spec(str(root), allow_remote_refs=True)
    assert fetched.document["components"]["schemas"]["Money"] == {"type": "number", "minimum": 0}
    assert fetched.warnings == []


def test_relative_refs_of_a_url_spec(static_server: StaticServer) -> None:
    (static_server.root / "common.yaml").write_text("Id: {type: string}\n")
    (static_server.root / "openapi.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Key: {$ref: 'common.yaml#/Id'}\n"
    )
    spec = load_spec(f"{static_server.url}/openapi.yaml", allow_remote_refs=True)
    assert spec.document["components"]["schemas"]["Id"] == {"type": "string"}


@pytest.mark.shared
def test_zuora_2026_has_six_dangling_refs(zuora_specs: Path) -> None:
    spec = load_spec(str(zuora_specs / "zuora-2026-05-01-compact-bharathan1993-APIStudio.yaml"))
    dangling = [w for w in spec.located_warnings() if w.code == "dangling-ref"]
    assert len(dangling) == 6
    assert sum("./actiontype.yaml" in w.message for w in dangling) == 2
    lines = spec.text.splitlines()
    for warning in dangling:
        assert warning.line is not None
        assert "$ref" in lines[warning.line] or "$ref" in lines[warning.line - 1]


@pytest.mark.parametrize("swagger", [False, True])
def test_dangling_refs_in_json_are_found_when_warnings_are_read(write_spec: Callable[..., Path], swagger: bool) -> None:
    import json

    section = "definitions" if swagger else "components"
    schemas: dict[str, Any] = {"Ok": {"type": "string"}, "Bad": {"$ref": f"#/{section}/{'Nope' if swagger else 'schemas/Nope'}"}}
    doc: dict[str, Any] = {"info": {"title": "t", "version": "1"}, "paths": {}}
    if swagger:
        doc.update({"swagger": "2.0", "definitions": schemas})
    else:
        doc.update({"openapi": "3.0.3", "components": {"schemas": schemas}})
    spec = load_spec(str(write_spec("s.json", json.dumps(doc, indent=2))))
    warnings = spec.located_warnings()
    assert [(w.code, w.pointer) for w in warnings] == [("dangling-ref", "/components/schemas/Bad")]
    assert warnings[0].line is not None
    assert spec.text.splitlines()[warnings[0].line - 1].strip().startswith('"Bad"')


def test_truncated_json_is_diagnosed(write_spec: Callable[..., Path]) -> None:
    from specdiff import SpecLoadError

    text = '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"responses": {"200": {"$ref": "#/components/responses/Ok"}}}}}}'
    with pytest.raises(SpecLoadError, match="looks cut off: 1 \\$refs point into `#/components`"):
        load_spec(str(write_spec("s.json", text)))
