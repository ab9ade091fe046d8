"""The annual strategic assessment report: its document model, charts and maps."""
