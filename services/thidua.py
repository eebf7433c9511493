"""Every use case and reader of thidua over one store: what the CLI and the web tier hold.

Built once per process (``open_thidua``); the families are small classes that share the
store and the command runner. Use cases live in ``services/usecases/``, readers of the
projected views in ``services/queries/``.
"""

from __future__ import annotations

from argon2 import PasswordHasher

from services.app import ThiduaApplication
from services.audit.service import AuditService
from services.commands import CommandRunner
from services.queries.awards import AwardsReader
from services.queries.pending import PendingWork
from services.queries.reports import ReportsReader
from services.queries.standings import StandingsReader
from services.usecases.accounts import Accounts
from services.usecases.award_forms import AwardForms
from services.usecases.award_settings import AwardSettingsCases
from services.usecases.campaigns import Campaigns
from services.usecases.certificates import Certificates
from services.usecases.council import Council
from services.usecases.deadlines import Deadlines
from services.usecases.decisions import Decisions
from services.usecases.documents import Documents
from services.usecases.dossier_import import DossierImport
from services.usecases.dossiers import Dossiers
from services.usecases.exemplar_lists import ExemplarLists
from services.usecases.nominations import Nominations
from services.usecases.notices import Notices
from services.usecases.organisation import Organisation
from services.usecases.papers import Papers
from services.usecases.people_import import PeopleImport
from services.usecases.records import Records
from services.usecases.signing_in import SignIns
from services.usecases.summaries import Summaries


class Thidua:
    """The use case families and readers of one store."""

    def __init__(self, store: ThiduaApplication, *, ballot_key: str | bytes | None = None,
                 password_hasher: PasswordHasher | None = None) -> None:
        key = ballot_key.encode("utf-8") if isinstance(ballot_key, str) else ballot_key or b""
        self.store = store
        self.commands = runner = CommandRunner(store)
        self.organisation = organisation = Organisation(store, runner)
        self.people_import = PeopleImport(organisation)
        hasher = password_hasher or PasswordHasher()
        self.accounts = accounts = Accounts(store, runner, organisation, hasher)
        self.sign_ins = SignIns(store, runner, hasher)
        self.award_forms = forms = AwardForms(store, runner, organisation)
        self.campaigns = campaigns = Campaigns(store, runner, organisation, forms)
        self.nominations = nominations = Nominations(store, runner, organisation, campaigns,
                                                     forms)
        self.dossiers = dossiers = Dossiers(store, runner, organisation, campaigns, forms,
                                            accounts)
        self.dossier_import = DossierImport(dossiers, organisation)
        self.settings = settings = AwardSettingsCases(store, runner, organisation)
        self.records = Records(store, runner, organisation, forms)
        self.council = council = Council(store, runner, organisation, campaigns, nominations,
                                         settings, ballot_key=key)
        self.decisions = decisions = Decisions(
            store, runner, organisation=organisation, campaigns=campaigns,
            nominations=nominations, settings=settings, award_forms=forms)
        self.notices = Notices(store, runner, organisation, campaigns, nominations, settings,
                               address_key=key)
        self.certificates = Certificates(store, runner, organisation, forms, campaigns,
                                         decisions)
        self.documents = documents = Documents(store, runner, organisation, campaigns)
        self.papers = Papers(
            store, runner, organisation=organisation, accounts=accounts, campaigns=campaigns,
            nominations=nominations, council=council, decisions=decisions,
            documents=documents)
        self.deadlines = Deadlines(store, runner, organisation, campaigns, dossiers)
        self.exemplar_lists = ExemplarLists(store, runner, organisation, campaigns,
                                            self.papers)
        self.standings = StandingsReader(store, campaigns)
        self.awards = AwardsReader(store, organisation, campaigns, forms)
        self.reports = ReportsReader(store, organisation, forms)
        self.summaries = Summaries(store, runner, organisation, campaigns)
        self.pending = PendingWork(store, organisation)
        self.audit = AuditService(store)

    def close(self) -> None:
        self.store.close()
