"""API of oversight under `/api/v1/oversight/`: plans and their teams, cases with the
self-report, findings, recommendations and conclusion, the follow-up of issued
recommendations (remedies and their verification), supervision visits, and the risk
list, under the same permission layer as the pages.

The serializers only parse JSON (units by code, documents, programmes and people by
uid, ISO dates) and call the one service of the act, whose refusal is the structured
400 (or 403). Creating returns 201; the same body sent again by the same user (a retry)
returns what the first one stored, with 200, and stores nothing. An act on an object
(issue, self-report, conclude, verify) returns the object, 200, and sent again with the
same body leaves it as it is."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from trienkhai.oversight.api import cases, plans, risk, supervision

# Included under /api/v1/oversight/ by trienkhai/api/urls.py.
router = SimpleRouter()
router.register("plans", plans.PlanViewSet, basename="oversight-plan")
router.register("teams", plans.TeamViewSet, basename="oversight-team")
router.register("cases", cases.CaseViewSet, basename="oversight-case")
router.register("recommendations", cases.RecommendationViewSet, basename="oversight-recommendation")
router.register("remedies", cases.RemedyViewSet, basename="oversight-remedy")
router.register("visits", supervision.VisitViewSet, basename="oversight-visit")

urlpatterns = [path("risk/", risk.risk_list, name="api-oversight-risk"), *router.urls]
