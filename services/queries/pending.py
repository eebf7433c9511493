"""The work waiting for a role, as its home page lists it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from events.council import Ballot, CouncilSession
from events.decision import DRAFT, AwardDecision
from services.actors import Actor, allowed
from services.app import ThiduaApplication
from services.queries.worklists import ReviewFilter, WorkLists
from services.usecases.organisation import Organisation


@dataclass
class PendingWork:
    """Cards to review, periods to self-assess, returned dossiers, ballots to vote,
    sessions to finish, decisions to issue."""

    app: ThiduaApplication
    organisation: Organisation

    def ballots_to_vote(self, username: str) -> list[dict[str, Any]]:
        """Open ballots of unconcluded sessions on which ``username`` has not voted yet."""
        found = []
        for session in self.app.all_of(CouncilSession, "Convened"):
            if session.status != "open" or username not in session.members:
                continue
            for ballot_id in session.ballots.values():
                ballot = self.app.load(Ballot, ballot_id, "", "ballot_id")
                if ballot.is_open and username not in ballot.voters \
                        and username in ballot.present:
                    found.append({"id": str(ballot.id), "subject_name": ballot.subject_name,
                                  "award_name": ballot.award_name,
                                  "session": session.title, "secret": ballot.secret})
        return found

    def home(self, actor: Actor, chosen: ReviewFilter,
             wait_for: int | None = None) -> dict[str, Any]:
        """Every work list of the actor's home page."""
        lists = WorkLists(self.app, self.organisation)
        return {**self.of(actor), "reviews": lists.reviews(actor, chosen, wait_for),
                "unassessed": lists.unassessed(actor, self.app.clock()),
                "returned": lists.returned(actor),
                "waiting": lists.waiting_for_council(actor)}

    def of(self, actor: Actor) -> dict[str, Any]:
        """What the actor's role has waiting on the council and the decisions."""
        work: dict[str, Any] = {"ballots": [], "sessions": [], "drafts": []}
        if allowed(actor, "council.vote"):
            work["ballots"] = self.ballots_to_vote(actor.username)
        if allowed(actor, "council.manage"):
            work["sessions"] = [s.as_dict() for s in self.app.all_of(CouncilSession, "Convened")
                                if s.status == "open"]
        if allowed(actor, "decisions.issue"):
            work["drafts"] = [d.as_dict() for d in self.app.all_of(AwardDecision, "Drafted")
                              if d.status == DRAFT]
        return work
