"""Running the Snakemake workflow in this process, through its Python API.

The rules' ``run:`` blocks execute in this process and the package is imported once; the
command line (:mod:`lmsanalyse.cli`) shows one line per stage instead of Snakemake's log
(:mod:`lmsanalyse.progress`). No heavy imports at module level (the CLI imports this module).
"""

from __future__ import annotations

import logging
from pathlib import Path

from .config import repository_root


def run_workflow(
    raw_dir: Path | None = None,
    out_dir: Path | None = None,
    cores: int = 2,
    definitions: list[str] | None = None,
    dryrun: bool = False,
    forceall: bool = False,
    targets: list[str] | None = None,
    extra_config: dict[str, object] | None = None,
    config_file: Path | list[Path] | None = None,
    progress: logging.Handler | None = None,
) -> bool:
    """Run the Snakemake workflow in this process. Returns True on success.

    Args:
        raw_dir: folder with the three raw exports (default: config's ``raw_dir``).
        out_dir: outputs go to ``out_dir/data/processed`` and ``out_dir/reports``; the
            Snakemake bookkeeping (``.snakemake/``) goes there too, so nothing else is touched.
        cores: cores for Snakemake.
        definitions: definitions to apply (default: config's list).
        dryrun: only show what would run.
        forceall: rerun everything.
        targets: rules or files to build (default: ``all``).
        extra_config: further config overrides (e.g. ``manual_decisions``).
        config_file: a config file read on top of ``config/config.yaml`` (as ``--configfile``),
            or several read in order (``--register`` and ``--config``: :func:`config_files`).
        progress: a handler that shows the run instead of Snakemake's log on the terminal
            (:class:`lmsanalyse.progress.Progress`); None: Snakemake's own log.
    """
    from snakemake.api import SnakemakeApi
    from snakemake.settings.types import (
        ConfigSettings,
        DAGSettings,
        ExecutionSettings,
        OutputSettings,
        ResourceSettings,
        SchedulingSettings,
    )

    from .config import load_config

    root = repository_root()
    overrides: dict[str, object] = {}
    if raw_dir is not None:
        overrides["raw_dir"] = str(Path(raw_dir).resolve())
    workdir = root
    if out_dir is not None:
        out = Path(out_dir).resolve()
        out.mkdir(parents=True, exist_ok=True)
        overrides["out_dir"] = str(out)
        workdir = out
    if definitions:
        overrides["definitions"] = list(definitions)
    overrides.update(extra_config or {})
    # The same validation as `validate` and the Snakefile, before Snakemake starts.
    load_config(config_file, overrides)
    files = config_file if isinstance(config_file, list) else [config_file] if config_file else []
    configfiles = [Path(f).resolve() for f in files]
    with SnakemakeApi(OutputSettings(quiet={"progress"} if dryrun else None)) as api:
        if progress is not None:
            _show_progress_only(progress)
        workflow = api.workflow(
            resource_settings=ResourceSettings(cores=cores),
            # The Snakefile's `configfile:` is relative to the workdir, which is out_dir here.
            config_settings=ConfigSettings(
                config=overrides, configfiles=[root / "config" / "config.yaml", *configfiles]
            ),
            snakefile=root / "Snakefile",
            workdir=workdir,
        )
        dag = workflow.dag(DAGSettings(targets=set(targets or ["all"]), forceall=forceall))
        # As profiles/default/config.yaml: `run:` blocks in threads of this process (not a
        # new Snakemake process per job), and the greedy scheduler (no ILP solver per step).
        from snakemake.scheduling.greedy import SchedulerSettings as GreedySettings

        greedy = GreedySettings()
        scheduling = {
            "scheduling_settings": SchedulingSettings(scheduler="greedy"),
            "scheduler_settings": greedy,
            "greedy_scheduler_settings": greedy,
        }
        if dryrun:
            dag.execute_workflow(executor="dryrun", **scheduling)
        else:
            dag.execute_workflow(
                execution_settings=ExecutionSettings(use_threads=True), **scheduling
            )
    return True


def _show_progress_only(progress: logging.Handler) -> None:
    """Snakemake's log to the terminal replaced by ``progress`` (its log file stays)."""
    from snakemake.logging import logger

    for handler in list(logger.handlers):
        if handler.name == "DefaultStreamHandler":
            logger.removeHandler(handler)
    logger.addHandler(progress)
