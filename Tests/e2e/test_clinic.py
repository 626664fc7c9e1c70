# SPDX-License-Identifier: Apache-2.0
"""End to end in real headless Chromium: sign in, enrol a patient, enter a PHQ-9 with item 9
positive and see the safety banner, add two failed adequate trials and see the TRD verdict,
generate the referral packet. Screenshots go to artifacts/screenshots/."""
import datetime

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import screenshot

TODAY = datetime.datetime.now(datetime.timezone.utc).date()


def day(offset: int) -> str:
    return (TODAY + datetime.timedelta(days=offset)).isoformat()


def text_of(driver, by, value: str, containing: str, timeout: float = 10) -> str:
    """Waits (through page loads) until the element exists and contains `containing`; returns its text."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException

    def check(d):
        try:
            text = d.find_element(by, value).text
            return text if containing in text else False
        except (NoSuchElementException, StaleElementReferenceException):
            return False

    return WebDriverWait(driver, timeout).until(check, f"{value} never contained {containing!r}")


def set_date(driver, element, value: str) -> None:
    """Date inputs take keyboard input in the locale's order; set the value directly instead."""
    driver.execute_script("arguments[0].value = arguments[1];", element, value)


def sign_in(driver, base: str, email: str = "clinician@demo.stepwise") -> None:
    driver.get(base + "/login")
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys("stepwise-demo")
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()


def give_phq9(driver, base: str, patient: str, date: str, answers: list[int]) -> None:
    driver.get(f"{base}/patients/{patient}/measurements/new?instrument=phq9")
    set_date(driver, driver.find_element(By.ID, "date"), date)
    for number, answer in enumerate(answers, start=1):
        driver.find_element(By.CSS_SELECTOR, f"input[name=item{number}][value='{answer}']").click()
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    text_of(driver, By.ID, "score-result", "Saved PHQ-9")


def add_trial(driver, base: str, patient: str, agent: str, start: str, end: str, doses: list[tuple[str, str]]) -> None:
    driver.get(f"{base}/patients/{patient}/trials/new")
    driver.find_element(By.ID, "agent").send_keys(agent)
    set_date(driver, driver.find_element(By.ID, "start"), start)
    set_date(driver, driver.find_element(By.ID, "end"), end)
    rows = driver.find_elements(By.CSS_SELECTOR, ".dose-row")
    for row, (date, mg) in zip(rows, doses):
        set_date(driver, row.find_element(By.NAME, "doseDate"), date)
        row.find_element(By.NAME, "doseMg").send_keys(mg)
    driver.find_element(By.ID, "pdc").send_keys("92")
    driver.find_element(By.ID, "adherenceSource").send_keys("pharmacy-fills")
    Select(driver.find_element(By.ID, "stopReason")).select_by_value("non-response")
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    text_of(driver, By.CSS_SELECTOR, ".flash", "Treatment saved.")


def test_clinician_journey_from_enrolment_to_referral_packet(demo_server, browser):
    base, driver = demo_server, browser
    sign_in(driver, base)
    text_of(driver, By.TAG_NAME, "h1", "Caseload")
    assert "DEMO-001" in driver.page_source
    screenshot(driver, "01-caseload")

    driver.find_element(By.LINK_TEXT, "Add a patient").click()
    driver.find_element(By.ID, "id").send_keys("E2E-001")
    set_date(driver, driver.find_element(By.ID, "onset"), day(-230))
    driver.find_element(By.ID, "diagnosisCode").send_keys("F33.2")
    Select(driver.find_element(By.ID, "severity")).select_by_value("severe")
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    text_of(driver, By.TAG_NAME, "h1", "Patient E2E-001")
    assert not driver.find_elements(By.ID, "safety-banner")

    # Baseline before the first trial, and one score near the end of each trial.
    give_phq9(driver, base, "E2E-001", day(-205), [3, 3, 2, 2, 2, 2, 2, 2, 0])
    give_phq9(driver, base, "E2E-001", day(-112), [3, 2, 2, 2, 2, 2, 2, 2, 0])
    give_phq9(driver, base, "E2E-001", day(-22), [2, 2, 2, 2, 2, 2, 2, 2, 0])

    # A PHQ-9 with item 9 positive: the safety banner comes first on the patient page.
    give_phq9(driver, base, "E2E-001", day(-1), [2, 2, 2, 2, 2, 2, 2, 2, 2])
    banner = driver.find_element(By.ID, "safety-banner")
    assert banner.is_displayed()
    first = driver.find_element(By.CSS_SELECTOR, "main > *:not(.flash)")
    assert first.get_attribute("id") == "safety-banner", "the safety banner must be the first thing on the page"
    screenshot(driver, "02-safety-banner")

    add_trial(driver, base, "E2E-001", "sertraline", day(-200), day(-110), [(day(-200), "100"), (day(-186), "150")])
    add_trial(driver, base, "E2E-001", "venlafaxine", day(-105), day(-20), [(day(-105), "150"), (day(-91), "225")])
    met = [tag.text for tag in driver.find_elements(By.CSS_SELECTOR, "#trd-verdicts .tag.met")]
    assert "met" in met, driver.find_element(By.ID, "trd-verdicts").text
    assert driver.find_element(By.CSS_SELECTOR, "svg.timeline").is_displayed()
    screenshot(driver, "03-patient-trd")

    driver.find_element(By.XPATH, "//summary[text()='Documents']").click()
    driver.find_element(By.LINK_TEXT, "rTMS referral packet").click()
    text = text_of(driver, By.CSS_SELECTOR, "article.document", "Adequate failed trials")
    assert "Prior-authorisation request" in text
    assert "Adequate failed trials" in text
    assert "sertraline" in text and "venlafaxine" in text
    assert "Criteria met:" in text
    screenshot(driver, "04-referral-packet")


def test_wrong_password_is_refused_and_forms_need_a_csrf_token(demo_server, browser):
    base, driver = demo_server, browser
    driver.get(base + "/login")
    driver.find_element(By.ID, "email").send_keys("clinician@demo.stepwise")
    driver.find_element(By.ID, "password").send_keys("not the password")
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "login-error"))
    assert "not right" in driver.find_element(By.ID, "login-error").text
    sign_in(driver, base)
    text_of(driver, By.TAG_NAME, "h1", "Caseload")
    # Strip the CSRF token from a form and submit it: the server refuses.
    driver.get(base + "/patients/DEMO-001")
    driver.execute_script("document.querySelectorAll('input[name=_csrf]').forEach(function (e) { e.value = 'forged'; });")
    driver.find_element(By.ID, "note-text").send_keys("forged note")
    driver.find_element(By.XPATH, "//button[text()='Save note']").click()
    WebDriverWait(driver, 10).until(lambda d: "did not come from this site" in d.page_source)
    assert "forged note" not in driver.page_source


def test_registry_filters_and_psychiatric_review_list(demo_server, browser):
    base, driver = demo_server, browser
    sign_in(driver, base, "psychiatrist@demo.stepwise")
    text_of(driver, By.TAG_NAME, "h1", "Caseload")
    driver.get(base + "/patients?flag=safety")
    assert "DEMO-003" in driver.page_source
    driver.get(base + "/review")
    text_of(driver, By.TAG_NAME, "h1", "Psychiatric case review")
    screenshot(driver, "05-review")
    driver.get(base + "/patients/DEMO-001")
    screenshot(driver, "06-demo-trd-patient")


def test_demo_refuses_a_non_loopback_address():
    import subprocess

    from conftest import stepwise_binary

    result = subprocess.run([stepwise_binary(), "serve", "--demo", "--host", "0.0.0.0"], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "only binds to a loopback address" in result.stderr


def test_admin_disables_and_enables_an_account(demo_server, browser):
    base, driver = demo_server, browser
    # The care manager is signed in when the administrator disables the account.
    sign_in(driver, base, "care-manager@demo.stepwise")
    text_of(driver, By.TAG_NAME, "h1", "Caseload")
    care_manager_session = driver.get_cookie("stepwise_session")
    driver.delete_all_cookies()

    sign_in(driver, base, "admin@demo.stepwise")
    text_of(driver, By.TAG_NAME, "h1", "Users of")
    assert "Administrator (you)" in driver.page_source
    driver.find_element(By.XPATH, "//button[text()='Disable care-manager@demo.stepwise']").click()
    WebDriverWait(driver, 10).until(lambda d: d.switch_to.alert).accept()  # the data-confirm dialogue
    text_of(driver, By.CSS_SELECTOR, ".flash", "care-manager@demo.stepwise is disabled")
    assert "Enable care-manager@demo.stepwise" in driver.page_source
    screenshot(driver, "07-admin-users-disabled")

    # The open session no longer works, and signing in says why.
    driver.delete_all_cookies()
    driver.get(base + "/login")
    driver.add_cookie({"name": "stepwise_session", "value": care_manager_session["value"], "path": "/"})
    driver.get(base + "/patients")
    text_of(driver, By.TAG_NAME, "h1", "Sign in")
    sign_in(driver, base, "care-manager@demo.stepwise")
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "login-error"))
    assert "This account is disabled" in driver.find_element(By.ID, "login-error").text

    # Enabled again, the care manager signs in.
    driver.delete_all_cookies()
    sign_in(driver, base, "admin@demo.stepwise")
    text_of(driver, By.TAG_NAME, "h1", "Users of")
    driver.find_element(By.XPATH, "//button[text()='Enable care-manager@demo.stepwise']").click()
    text_of(driver, By.CSS_SELECTOR, ".flash", "enabled again")
    driver.delete_all_cookies()
    sign_in(driver, base, "care-manager@demo.stepwise")
    text_of(driver, By.TAG_NAME, "h1", "Caseload")
    driver.delete_all_cookies()
