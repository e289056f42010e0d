"""What browser tests of the admin share: logging in, and where staff type an article's
body."""

# The body's rich-text editor (articles/widgets.py); the textarea behind it is hidden.
BODY_EDITOR = ".prose-editor .ProseMirror[contenteditable=true]"


def admin_log_in(page, base: str, username: str, password: str) -> None:
    """Log ``page`` in through the admin's login form and wait for the admin's index."""
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")
