"""Include stage: the inclusion definitions applied to the cleaned data in DuckDB SQL."""
