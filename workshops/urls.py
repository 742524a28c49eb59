from django.urls import path

from workshops.views import attendance, certificates, cross, feedback, knowledge, participants, results, viewers

app_name = "workshops"
urlpatterns = [
    path("join/<str:token>/", participants.join, name="join"),
    path("<int:pk>/participants/", participants.participants, name="participants"),
    path("<int:pk>/attendance/", attendance.attendance, name="attendance"),
    path("<int:pk>/tests/", knowledge.tests, name="tests"),
    path("<int:pk>/tests/<str:phase>/control/", knowledge.control, name="control"),
    path("<int:pk>/tests/<str:phase>/start/", knowledge.start, name="start"),
    path("<int:pk>/tests/<str:phase>/<int:number>/", knowledge.question, name="question"),
    path("<int:pk>/tests/<str:phase>/finish/", knowledge.finish, name="finish"),
    path("<int:pk>/tests/<str:phase>/answers/", knowledge.review, name="review"),
    path("<int:pk>/feedback/", feedback.feedback, name="feedback"),
    path("<int:pk>/feedback/manage/", feedback.manage, name="feedback-manage"),
    path("<int:pk>/follow-up/", feedback.follow_up, name="follow-up"),
    path("follow-up/<str:token>/", feedback.follow_up_link, name="follow-up-link"),
    path("<int:pk>/results/", results.results, name="results"),
    path("<int:pk>/results.csv", results.results_csv, name="results-csv"),
    path("<int:pk>/results.xlsx", results.results_xlsx, name="results-xlsx"),
    path("<int:pk>/certificates/", certificates.manage, name="certificates"),
    path("<int:pk>/results/readers/", viewers.viewers, name="viewers"),
    path("curricula/<int:pk>/results/", cross.results, name="curriculum-results"),
    path("curricula/<int:pk>/results.csv", cross.results_csv, name="curriculum-results-csv"),
    path("curricula/<int:pk>/results.xlsx", cross.results_xlsx, name="curriculum-results-xlsx"),
    path("curricula/<int:pk>/results/<str:kind>/<int:item>/", cross.item, name="curriculum-item"),
]
