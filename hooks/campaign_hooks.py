"""MkDocs hooks for the campaign site: a thin adapter. All logic lives in the `campaign` package."""
from campaign.mkdocs_adapter import (  # noqa: F401  (MkDocs looks these names up on this module)
    on_build_error,
    on_config,
    on_env,
    on_files,
    on_nav,
    on_page_content,
    on_page_context,
    on_page_markdown,
    on_post_page,
    on_post_template,
    on_post_build,
    on_shutdown,
    on_startup,
    on_template_context,
)
