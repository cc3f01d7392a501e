"""`kzstats report`: execute every notebook headlessly, with parameters, into offline HTML.

The notebooks are jupytext percent-format .py files (reviewable diffs, no outputs in git). Each
is read, given a cell of injected parameters after its cell tagged `parameters` (as papermill
does), executed cell by cell in a fresh kernel, and written to reports/<name>.html with the
Vega libraries inlined once in the page, so the charts draw without a network.

Not papermill: its injection is these ten lines, and its engine would replace the cell-by-cell
run that reports progress, names a failing cell without a traceback and keeps the kernel on
local sockets; nbclient, which papermill itself drives, does the executing here.
"""

import os
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

import jupytext
import nbformat
from jupyter_client import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from kzstats import config
from kzstats.errors import KzstatsError, Problem
from kzstats.theme import RENDERER, RENDERER_ENV

KERNEL = "python3"  # the kernel of the interpreter running kzstats, so the same environment
CELL_TIMEOUT = 600
PARAMETERS_TAG, INJECTED_TAG = "parameters", "injected-parameters"
# nbconvert's page links these from the internet; the charts need neither, so they are left out.
EXTERNAL_SCRIPTS = ("mathjax_url", "require_js_url")


def notebook_paths(folder: Path | None = None) -> list[Path]:
    """The numbered notebooks (of notebooks/ by default), in order: 01-overview.py, ..."""
    return sorted(Path(folder or config.NOTEBOOKS_DIR).glob("[0-9][0-9]-*.py"))


def read_notebook(path: Path, parameters: dict | None = None) -> nbformat.NotebookNode:
    """The notebook of a percent-format script, with `parameters` injected after its parameters cell."""
    nb = jupytext.read(path, fmt="py:percent")
    if parameters:
        tagged = [i for i, c in enumerate(nb.cells) if PARAMETERS_TAG in c.metadata.get("tags", [])]
        if not tagged:
            raise KzstatsError([Problem(str(path), None, "", "cell", "", "no cell tagged "
                                        "'parameters': add `# %% tags=[\"parameters\"]` above the settings")])
        source = "# Parameters set by `kzstats report`\n" + "\n".join(
            f"{name} = {value!r}" for name, value in parameters.items())
        cell = nbformat.v4.new_code_cell(source, metadata={"tags": [INJECTED_TAG]})
        nb.cells.insert(tagged[0] + 1, cell)
    return nb


def execute(nb: nbformat.NotebookNode, path: Path, on_cell: Callable[[int, int], None] | None = None):
    """Run every cell in a fresh kernel started in the notebook's folder; report progress."""
    # The kernel works on this run's project, and draws with the offline renderer.
    env = {**os.environ, config.ROOT_ENV: str(config.root()), RENDERER_ENV: RENDERER}
    # Local sockets in a private folder, not TCP: nothing else on the machine reaches the kernel.
    with tempfile.TemporaryDirectory(prefix="kzstats-kernel-") as sockets:
        manager = KernelManager(kernel_name=KERNEL, transport="ipc", ip=str(Path(sockets) / "kernel"))
        client = NotebookClient(nb, km=manager, timeout=CELL_TIMEOUT,
                                resources={"metadata": {"path": str(path.parent)}})
        try:
            _run_cells(client, nb, path, on_cell, env)
        finally:  # the client shuts down only kernels it started itself
            if manager.has_kernel:
                manager.shutdown_kernel(now=True)
    return nb


def _run_cells(client: NotebookClient, nb: nbformat.NotebookNode, path: Path, on_cell,
               env: dict) -> None:
    with client.setup_kernel(env=env):
        for index, cell in enumerate(nb.cells):
            try:
                client.execute_cell(cell, index)
            except CellExecutionError as exc:
                first_line = str(exc).strip().splitlines()[-1][:300]
                raise KzstatsError([Problem(str(path), None, "", f"cell {index + 1}",
                                            cell.source.splitlines()[0][:80] if cell.source else "",
                                            f"the cell failed: {first_line}")]) from None
            if on_cell:
                on_cell(index + 1, len(nb.cells))


@cache
def _vega_script() -> str:
    """vega, vega-lite and vega-embed as one script tag (about 0.9 MB), made once per run."""
    import vl_convert as vlc
    from altair.utils._importers import vl_version_for_vl_convert

    bundle = vlc.javascript_bundle(vl_version=vl_version_for_vl_convert())
    return f'<script type="text/javascript">\n{bundle}\n</script>\n'


def to_html(nb: nbformat.NotebookNode, show_code: bool = False) -> str:
    """Self-contained HTML: nbconvert's lab page, the Vega libraries inlined once in its head.
    A report reads as a document: code (and the prompts beside it) is left out unless asked for."""
    from nbconvert import HTMLExporter

    hide = {} if show_code else {"exclude_input": True, "exclude_input_prompt": True,
                                 "exclude_output_prompt": True}
    exporter = HTMLExporter(template_name="lab", **hide, **{name: "" for name in EXTERNAL_SCRIPTS})
    body, _ = exporter.from_notebook_node(nb)
    return body.replace("</head>", _vega_script() + "</head>", 1)


def run_notebook(path: Path, out_dir: Path | None = None, parameters: dict | None = None,
                 on_cell: Callable[[int, int], None] | None = None, show_code: bool = False) -> Path:
    """Execute one notebook and write <out_dir, by default reports/>/<name>.html; return its path."""
    out_dir = Path(out_dir or config.OUTPUT_DIR)
    nb = execute(read_notebook(path, parameters), path, on_cell)
    out_dir.mkdir(parents=True, exist_ok=True)
    html = out_dir / f"{path.stem}.html"
    html.write_text(to_html(nb, show_code), encoding="utf-8")
    return html
