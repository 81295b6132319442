"""Every callback_id, action_id and block_id the app sends and listens for."""

from slackbot.domain.ask_form import AskField
from slackbot.domain.cohort_settings import CohortField
from slackbot.domain.contacts import ContactField
from slackbot.domain.meetings import NOTE_FIELDS, MeetingField

# Each input element's action_id; its block_id says which field it is.
INPUT = "input"

# Views (callback_id)
CONTACT_MODAL = "contact_modal"
CONTACT_SAVED = "contact_saved"
TARGETS_MODAL = "targets_modal"
TARGET_COMPANY_FORM = "target_company_form"
TARGET_TITLE_FORM = "target_title_form"
CONTACT_PAGE = "contact_page"  # private_metadata: {"contact_id": id}
CONTACT_EDIT_MODAL = "contact_edit_modal"  # private_metadata: {"contact_id": id}

# Buttons and menus (action_id)
HOME_ADD_CONTACT = "home_add_contact"
HOME_OPEN_TARGETS = "home_open_targets"
CONTACT_ADD_ANOTHER = "contact_add_another"
# The contact page: value, the contact's id (re-checked against the clicking member)
CONTACT_OPEN = "contact_open"
CONTACT_EDIT = "contact_edit"
CONTACT_REVIVE = "contact_revive"
CONTACT_DRAFT_NEXT = "contact_draft_next"
CONTACT_LOG_NEW = "contact_log_new"  # /contact's "someone new" button; value: the name typed
TARGETS_ADD_COMPANY = "targets_add_company"
TARGETS_ADD_TITLE = "targets_add_title"
TARGETS_COMPANY_MENU = "targets_company_menu"
TARGETS_REMOVE_TITLE = "targets_remove_title"

# Inputs (block_id)
CONTACT_BLOCKS = {field: f"contact_{field.value}" for field in ContactField}
COMPANY_NAME = "company_name"
COMPANY_MOTIVATION = "company_motivation"
COMPANY_SIZE = "company_size"
COMPANY_POSTING = "company_posting"
JOB_TITLE = "job_title"

# Values of the company overflow menu: "<verb>:<company id>"
EDIT = "edit"
REMOVE = "remove"

# /ask-draft and the draft message
ASK_MODAL = "ask_modal"
DRAFT_EDIT_MODAL = "draft_edit_modal"
ASK_BLOCKS = {field: f"ask_{field.value}" for field in AskField}
CONTACT_SEARCH = "contact_search"  # the action_id of contact selects searched by name
DRAFT_EDIT = "draft_edit"
DRAFT_ANOTHER = "draft_another"
DRAFT_MARK_SENT = "draft_mark_sent"
DRAFT_REPLIED = "draft_replied"
EDIT_SUBJECT = "edit_subject"
EDIT_BODY = "edit_body"

# Channel nudges
NUDGE_DONE = "nudge_done"
NUDGE_SNOOZE = "nudge_snooze"
NUDGE_REPLIED = "nudge_replied"
NUDGE_OPEN = "nudge_open"
NUDGE_SHOW = "nudge_show"
NUDGE_CONTACT = "nudge_contact"  # opens the contact page of the nudge's contact

# /cohort
COHORT_MODAL = "cohort_modal"
COHORT_BLOCKS = {field: f"cohort_{field.value}" for field in CohortField}
COHORT_TIMEZONE_SEARCH = "cohort_timezone_search"

# /meeting and /meeting-notes
MEETING_MODAL = "meeting_modal"
MEETING_SAVED = "meeting_saved"
MEETING_ALREADY_MET = "meeting_already_met"  # a reschedule's "we already met then" box
NOTES_MODAL = "notes_modal"
NOTES_SAVED = "notes_saved"
MEETING_BLOCKS = {field: f"meeting_{field.value}" for field in MeetingField}
NOTES_MEETING = "notes_meeting"
NOTES_PICK = "notes_pick"  # the meeting select of the notes modal: redraws it
NOTES_REFERRALS = "notes_referrals"
NOTES_THANKED = "notes_thanked"
NOTE_BLOCKS = {name: f"notes_{name}" for name in NOTE_FIELDS}
MEETING_PREP_DONE = "meeting_prep_done"
MEETING_THANKED = "meeting_thanked"
MEETING_LOOP_CLOSED = "meeting_loop_closed"  # value: the meeting id
MEETING_WRITE_NOTES = "meeting_write_notes"
MEETING_RESCHEDULE = "meeting_reschedule"
MEETING_CANCEL = "meeting_cancel"
# values: "<MEETING_RESCHEDULE, MEETING_CANCEL or CONTACT_OPEN>:<meeting id>"
HOME_MEETING_MENU = "home_meeting_menu"
# Links (url buttons) that put a meeting in the member's calendar: Slack still reports the
# click, and the app acks it.
CALENDAR_GOOGLE = "calendar_google"
CALENDAR_OUTLOOK = "calendar_outlook"

# The cohort's progress: the coach's stats and check-ins, weekly goals, the digest
COACH_CHECK_IN = "coach_check_in"  # value: the stalled member's user id
HOME_COHORT_GOALS = "home_cohort_goals"  # the coach's goals and digest settings
HOME_SET_GOALS = "home_set_goals"
GOALS_MODAL = "goals_modal"
COHORT_GOALS_MODAL = "cohort_goals_modal"
GOAL_ASKS = "goal_asks"
GOAL_MEETINGS = "goal_meetings"
DIGEST_DAY = "digest_day"
DIGEST_TIME = "digest_time"
DIGEST_OFF = "off"  # the digest day's value for no digest
HOME_LEADERBOARD = "home_leaderboard"  # value: SWITCH_ON (opt in) or SWITCH_OFF
# Values of the App Home switches (leaderboard, warm intros)
SWITCH_ON = "on"
SWITCH_OFF = "off"

# App Home's next best ask
NEXT_ASK_DRAFT = "next_ask_draft"  # value: the contact's id
NEXT_ASK_INTRO = "next_ask_intro"  # value: the target company's id
NEXT_ASK_SEARCH = "next_ask_search"  # a link to LinkedIn's people search

# Warm intros
INTRO_ASK = "intro_ask"  # value: JSON {"user": classmate's id, "company": name}
# The classmate's answer to a request; value: JSON {"user": the asker's id, "company": name}
INTRO_ACCEPT = "intro_accept"
INTRO_DECLINE = "intro_decline"
HOME_INTROS = "home_intros"  # value: SWITCH_ON (offer intros) or SWITCH_OFF

# /network import, export and forget
IMPORT_MODAL = "import_modal"
IMPORT_FILE = "import_file"
IMPORT_STARTED = "import_started"
FORGET_MODAL = "forget_modal"
FORGET_CONFIRM = "forget_confirm"
FORGOTTEN = "forgotten"
