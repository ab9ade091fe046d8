"""Ingestion: police.uk files, ONS population and geography, reading them into the workspace."""
