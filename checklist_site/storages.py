"""Where rendered reports are kept: a storage every server of the site shares."""

from django.core.files.storage import storages


def report_storage():
    """The "reports" storage of settings.STORAGES (a local folder by default; S3-compatible
    object storage by settings), looked up when used so that tests can replace it."""
    return storages["reports"]
