"""What the browser journeys share: a staff window that collects CSP violations, and the admin log-in."""

PASSWORD = "mat-khau-thu-nghiem"  # the password tests/conftest.py gives every staff fixture


def watch_csp(page, violations):
    """Append every Content-Security-Policy violation the page reports to ``violations``."""
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)


def staff_window(browser, violations):
    """A fresh Vietnamese browser context (one person's session) and its page, CSP watched."""
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    page.set_default_timeout(15_000)
    watch_csp(page, violations)
    return context, page


def log_in(page, base, username):
    page.goto(base + "/quan-tri/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(base + "/quan-tri/")
