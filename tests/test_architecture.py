"""Import rules between the project's modules, read from the source with ``ast`` (every
import statement, also those inside functions, which Python would only run later).

- A model never imports its app's services: ``save()`` fills in its own row; the
  services call the models, never the reverse (the one write path, README "Folders").
- ``articles`` never imports ``booths``: booths may use articles, never the reverse.
- No app imports another app's views, template tags or admin; ``exhibition`` (the
  project) reads the apps' data only where a page of its own needs it.
- No import cycles among the project's modules, but for the ones listed below.
"""

import ast
from functools import cache
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

PACKAGES = ("articles", "booths", "programme", "exhibition")
# Known cycles (strongly connected sets of modules), each to be broken, then removed here.
# None left: the last one (the text pipeline's keys, spelling rules and lexicon builder)
# went when the tokenizer they share moved to persian/tokens.py.
ALLOWED_CYCLES: set[frozenset[str]] = set()


@cache
def project_modules() -> dict[str, tuple[Path, bool]]:
    """Dotted name -> (file, is a package's __init__) for every module of PACKAGES."""
    root = Path(settings.BASE_DIR)
    modules = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            modules[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return modules


def _imported_names(module: str):
    """Every dotted name ``module`` imports (``from a import b`` gives ``a.b``)."""
    path, is_package = project_modules()[module]
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package, up level - 1
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            yield from (f"{base}.{alias.name}" for alias in node.names)


def _project_module(name: str) -> str | None:
    """The project module ``name`` is or lies in (``articles.models.Article`` gives
    ``articles.models``); None outside the project."""
    modules = project_modules()
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


@cache
def import_graph() -> dict[str, frozenset[str]]:
    """Module -> the project modules it imports."""
    graph = {}
    for module in project_modules():
        targets = {_project_module(name) for name in _imported_names(module)}
        graph[module] = frozenset(targets - {None, module})
    return graph


def cycles(graph: dict[str, frozenset[str]]) -> set[frozenset[str]]:
    """The strongly connected sets of more than one module (Tarjan's algorithm): every
    cycle lies inside one, so a new cycle makes a new set or grows a known one."""
    index, low, stack, on_stack, found = {}, {}, [], set(), set()

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.add(frozenset(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def app_of(module: str) -> str:
    return module.split(".")[0]


def in_package(module: str, package: str) -> bool:
    return module == package or module.startswith(f"{package}.")


def imports_where(source, target) -> list[str]:
    """``importer -> imported`` for each import from a module ``source(name)`` accepts to
    one ``target(importer, imported)`` accepts."""
    return sorted(
        f"{module} -> {imported}"
        for module, targets in import_graph().items()
        if source(module)
        for imported in targets
        if target(module, imported)
    )


class ImportRulesTests(SimpleTestCase):
    def test_the_graph_sees_function_level_imports(self):
        # articles.apps imports articles.visits inside ready() only.
        self.assertIn("articles.visits", import_graph()["articles.apps"])

    def test_models_never_import_their_apps_services(self):
        def is_models(module):
            return module.split(".")[1:2] == ["models"]

        def same_apps_services(module, imported):
            return in_package(imported, f"{module.split('.')[0]}.services")

        self.assertEqual(imports_where(is_models, same_apps_services), [])

    def test_articles_never_imports_booths(self):
        self.assertEqual(
            imports_where(
                lambda module: in_package(module, "articles"),
                lambda module, imported: in_package(imported, "booths"),
            ),
            [],
        )

    def test_apps_depend_one_way(self):
        # programme may use booths and articles, booths may use articles: never back.
        later = {"articles": ("booths", "programme"), "booths": ("programme",)}
        self.assertEqual(
            imports_where(
                lambda module: app_of(module) in later,
                lambda module, imported: app_of(imported) in later[app_of(module)],
            ),
            [],
        )

    def test_no_app_imports_another_apps_views_templatetags_or_admin(self):
        # Cross-app parts of a page are template tags of the app that owns the data,
        # used from templates; an admin is extended through its hooks (add_inline).
        def other_apps_pages(module, imported):
            part = imported.split(".")[1:2]
            if part == ["admin"] and module.endswith(".apps"):
                return False  # ready() extending another app's admin through its hook
            return app_of(imported) != app_of(module) and part in (
                ["views"],
                ["templatetags"],
                ["admin"],
            )

        self.assertEqual(imports_where(lambda module: True, other_apps_pages), [])

    def test_exhibition_holds_no_apps_logic(self):
        # The project package serves every app (settings, middleware, text pipeline); it
        # wires the apps' URLs and reads their data only for pages of its own (home, the
        # translators' status) and rebuild_text_keys.
        allowed = {
            "exhibition.urls",
            "exhibition.views",
            "exhibition.translation_status",
            "exhibition.text_keys",
        }
        self.assertEqual(
            imports_where(
                lambda module: (
                    in_package(module, "exhibition")
                    and module not in allowed
                    and ".management." not in module
                ),
                lambda module, imported: app_of(imported) in ("articles", "booths", "programme"),
            ),
            [],
        )

    def test_no_import_cycles_but_the_known_ones(self):
        found = cycles(import_graph())
        self.assertEqual(sorted(map(sorted, found - ALLOWED_CYCLES)), [], "new import cycle")
        # A known cycle broken: take it off ALLOWED_CYCLES, so it cannot come back.
        self.assertEqual(sorted(map(sorted, ALLOWED_CYCLES - found)), [])

    def test_the_cycle_finder_finds_a_cycle_and_no_more(self):
        graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
        self.assertEqual(cycles(graph), {frozenset("abc")})
