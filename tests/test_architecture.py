"""The code's shape, checked: one-way imports between the pipeline's stages, no import
cycle, small modules, frozen models, and no work done twice when a site is planned."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from briefgen.model import schema
from tests.support import REPO, SEED_BRIEF

PACKAGE = REPO / "briefgen"
#: The stages, in the order data flows; a module may import from its own stage and from
#: those before it, never from one after it (`api` is the checked brief the later stages
#: start from). Top-level modules not named here (errors, diagnostics, paths, faults,
#: markup, project) are shared leaves that import no stage.
STAGES = ["model", "api", "render", "publish", "authoring", "cli"]
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    return {
        ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__"): path
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def _imports(path: Path, known: set[str]) -> Iterator[str]:
    """Every briefgen module `path` imports, wherever the import stands (inside functions
    and `if TYPE_CHECKING:` too)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from briefgen.model import schema` imports the module briefgen.model.schema
            names = [
                f"{node.module}.{alias.name}"
                if f"{node.module}.{alias.name}" in known
                else node.module
                for alias in node.names
            ]
        else:
            continue
        yield from (n for n in names if n in known)


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: set(_imports(path, known)) - {name} for name, path in modules.items()}


def _stage(module: str) -> int | None:
    parts = module.split(".")
    name = parts[1] if len(parts) > 1 else ""
    name = "cli" if name == "__main__" else name
    return STAGES.index(name) if name in STAGES else None


def test_no_import_cycle() -> None:
    graph = _graph()
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            cycle = [*path[path.index(module) :], module]
            pytest.fail("import cycle: " + " → ".join(cycle))
        if module in done:
            return
        for imported in sorted(graph[module]):
            if imported != "briefgen":  # the package itself holds only its version
                visit(imported, [*path, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])


def test_data_flows_one_way() -> None:
    backwards = []
    for module, imported in _graph().items():
        stage = _stage(module)
        for other in imported:
            other_stage = _stage(other)
            if stage is None and other_stage is not None:
                backwards.append(f"{module} (shared) imports {other}")
            elif stage is not None and other_stage is not None and other_stage > stage:
                backwards.append(f"{module} imports {other}, a later stage")
    assert backwards == []


def test_modules_are_small() -> None:
    sizes = {
        name: len(path.read_text(encoding="utf-8").splitlines())
        for name, path in _modules().items()
    }
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}


def _models() -> list[type[BaseModel]]:
    return [
        value
        for value in vars(schema).values()
        if isinstance(value, type) and issubclass(value, BaseModel) and value is not BaseModel
    ]


@pytest.mark.parametrize("model", _models(), ids=lambda m: m.__name__)
def test_models_are_frozen(model: type[BaseModel]) -> None:
    assert model.model_config.get("frozen") is True


def test_a_validated_brief_cannot_be_changed() -> None:
    citation = schema.Citation(source="news", quote="useful")
    with pytest.raises(ValidationError, match="frozen"):
        citation.quote = "something else"


def test_nothing_writes_private_attributes_onto_other_objects() -> None:
    """What a stage finds out is returned as a value (as the citation resolution is), not
    written onto the objects it was handed (as `cite._match = …` once was)."""
    found = []
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = (
                node.targets
                if isinstance(node, ast.Assign)
                else [node.target]
                if isinstance(node, ast.AugAssign | ast.AnnAssign)
                else []
            )
            for target in targets:
                if (
                    isinstance(target, ast.Attribute)
                    and target.attr.startswith("_")
                    and not (
                        isinstance(target.value, ast.Name) and target.value.id in ("self", "cls")
                    )
                ):
                    found.append(f"{name}:{target.lineno}: {ast.unparse(target)}")
    assert found == []


def _fake_pdfs(
    todo: Sequence[object],
    paper: str,
    jobs: int | None = None,
    on_done: Any = None,
    templates: object = None,
    htmls: object = None,
) -> list[tuple[bytes, int, float]]:
    """Stands in for PDF layout where only the calls matter."""
    for i, _ in enumerate(todo):
        on_done(i, (b"%PDF", 1, 0.0))
    return [(b"%PDF", 1, 0.0) for _ in todo]


def test_site_plan_makes_each_edition_once(
    seed_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefgen import api
    from briefgen.publish import site
    from briefgen.render import memo, memos
    from briefgen.render.sections import Memo

    built: list[str] = []
    laid_out: list[str] = []
    real_build = memo.build_memo

    def counting_build(*args: object, **kwargs: object) -> Memo:
        made = real_build(*args, **kwargs)  # type: ignore[arg-type]
        built.append(made.as_of_iso)
        return made

    def counting_pdfs(
        todo: list[Memo],
        paper: str,
        jobs: int | None = None,
        on_done: Any = None,
        templates: object = None,
        htmls: object = None,
    ) -> list[tuple[bytes, int, float]]:
        laid_out.extend(m.as_of_iso for m in todo)
        return _fake_pdfs(todo, paper, jobs, on_done)

    monkeypatch.setattr(memos, "build_memo", counting_build)
    monkeypatch.setattr(site, "render_pdfs", counting_pdfs)
    site.plan(api.check(seed_root, [SEED_BRIEF]))
    assert sorted(built) == ["2013-09-30", "2015-12-01"]
    assert sorted(laid_out) == ["2013-09-30", "2015-12-01"]


def test_publish_checks_once(
    seed_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefgen import api
    from briefgen.cli import main
    from briefgen.publish import site

    calls: list[object] = []
    real_check = api.check

    def counting_check(*args: object, **kwargs: object) -> api.CheckResult:
        calls.append(args)
        return real_check(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(api, "check", counting_check)
    monkeypatch.setattr(site, "render_pdfs", _fake_pdfs)
    assert main(["--root", str(seed_root), "publish", "--dest", str(tmp_path / "www")]) == 0
    assert len(calls) == 1
