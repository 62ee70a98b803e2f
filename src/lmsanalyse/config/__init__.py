"""Configuration: every config file loaded and validated one way, with Norwegian messages.

``config/config.yaml``, the inclusion definitions, the header aliases, the reconciliation
relations and the manual decisions are each checked against a JSON Schema in
``lmsanalyse/schemas/``; every problem names the file, the key or row, what is wrong and
what is allowed. ``lmsanalyse run``, ``lmsanalyse validate`` and the Snakefile all build their
:class:`RunConfig` here, so they read the same files and judge them through the same code.

No heavy imports (the Snakefile imports this module).
"""

from .base import ConfigError, repository_root, shown_config_path
from .definitions import definition_chain, load_definition
from .files import (
    declared_missing_problems,
    load_declared_missing,
    load_header_aliases,
    load_left_out_rules,
    load_reconciliation,
    load_relations,
    read_csv_config,
)
from .import_maps import (
    IMPORT_MAP_SUFFIX,
    UNCONFIRMED,
    ImportMap,
    import_map_files,
    load_import_map,
)
from .manual_decisions import MANUAL_COLUMNS, Deltakelse, decision_date, load_manual_decisions
from .run import (
    CONFIG_FILE,
    PATH_KEYS,
    RunConfig,
    config_files,
    config_from_values,
    load_config,
    overlay,
    register_config,
)

__all__ = [
    "CONFIG_FILE",
    "IMPORT_MAP_SUFFIX",
    "MANUAL_COLUMNS",
    "PATH_KEYS",
    "UNCONFIRMED",
    "ConfigError",
    "Deltakelse",
    "ImportMap",
    "RunConfig",
    "config_from_values",
    "decision_date",
    "definition_chain",
    "import_map_files",
    "load_config",
    "config_files",
    "register_config",
    "load_definition",
    "declared_missing_problems",
    "load_declared_missing",
    "load_header_aliases",
    "load_left_out_rules",
    "load_import_map",
    "load_manual_decisions",
    "load_reconciliation",
    "load_relations",
    "overlay",
    "read_csv_config",
    "repository_root",
    "shown_config_path",
]
