"""Registry: the enterprises, their import from office workbooks, search, profiles and merges.

The face of the capability: interfaces and other services import these names from here.
"""

from chainatlas.services.registry.enterprises import (
    duplicates,
    get_enterprise,
    merge,
    summary,
)
from chainatlas.services.registry.exports import (
    EXPORT_LIMIT,
    enterprises_workbook,
    filtered_enterprises,
    filters_text,
)
from chainatlas.services.registry.import_jobs import (
    PROBLEM_COLUMNS,
    error_report_csv,
    get_job,
    job_errors,
    job_status,
    list_jobs,
    max_upload_bytes,
    preview_upload,
    problems_csv,
    save_upload,
    start_import,
    too_large_message,
)
from chainatlas.services.registry.importing import (
    ImportOptions,
    ImportResult,
    import_enterprises,
    preview_enterprises,
    read_valid_rows,
)
from chainatlas.services.registry.profiles import enterprise_profile
from chainatlas.services.registry.search import catch_up_due, search_enterprises, search_statistics

__all__ = [
    "EXPORT_LIMIT", "enterprises_workbook", "filtered_enterprises", "filters_text", "ImportOptions", "ImportResult", "catch_up_due", "duplicates", "enterprise_profile", "error_report_csv",
    "get_enterprise", "get_job", "import_enterprises", "job_errors", "job_status", "list_jobs",
    "max_upload_bytes", "merge", "preview_enterprises", "PROBLEM_COLUMNS", "preview_upload", "problems_csv", "read_valid_rows", "save_upload", "search_enterprises", "search_statistics",
    "start_import", "summary", "too_large_message",
]
