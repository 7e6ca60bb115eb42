"""Locust users for the load-test fixtures (run by ./record against sla_server.py).

SlaUser hits every SLA endpoint, name= set to the path template so Locust groups
the concrete URLs; FaultsUser (for the server's --faults mode) hits the failing
endpoints and POST /v1/imaging with a 2 s client timeout.
"""
import random

from locust import HttpUser, between, task

rng = random.Random(7)


def pid():
    return rng.randint(1, 999)


class SlaUser(HttpUser):
    wait_time = between(0.05, 0.25)

    @task(10)
    def get_patient(self):
        self.client.get(f"/v1/patients/{pid()}", name="/v1/patients/{id}")

    @task(5)
    def search(self):
        self.client.get("/v1/patients/search", params={"q": rng.choice("abcdefgh")}, name="/v1/patients/search")

    @task(2)
    def create_patient(self):
        self.client.post("/v1/patients", json={"name": "Test Patient", "dob": "1980-01-01"}, name="/v1/patients")

    @task(2)
    def update_patient(self):
        self.client.put(f"/v1/patients/{pid()}", json={"phone": "555-0100"}, name="/v1/patients/{id}")

    @task(4)
    def list_appointments(self):
        self.client.get("/v1/appointments", params={"date": "2026-11-30"}, name="/v1/appointments")

    @task(2)
    def create_appointment(self):
        self.client.post("/v1/appointments", json={"patient": pid(), "slot": "09:30"}, name="/v1/appointments")

    @task(4)
    def patient_appointments(self):
        self.client.get(f"/v1/patients/{pid()}/appointments", name="/v1/patients/{id}/appointments")

    @task(3)
    def get_note(self):
        self.client.get(f"/v1/clinical/notes/{pid()}", name="/v1/clinical/notes/{id}")

    @task(2)
    def create_note(self):
        self.client.post("/v1/clinical/notes", json={"patient": pid(), "text": "ok"}, name="/v1/clinical/notes")

    @task(3)
    def treatment_plan(self):
        self.client.get(f"/v1/treatment-plans/{pid()}", name="/v1/treatment-plans/{id}")

    @task(1)
    def imaging(self):
        self.client.post("/v1/imaging", json={"patient": pid(), "study": "CT"}, name="/v1/imaging")

    @task(6)
    def claim(self):
        self.client.post("/v1/billing/claims", json={"patient": pid(), "amount": 120}, name="/v1/billing/claims")

    @task(3)
    def verify(self):
        self.client.post("/v1/insurance/verify", json={"patient": pid()}, name="/v1/insurance/verify")


class FaultsUser(HttpUser):
    wait_time = between(0.05, 0.25)

    @task(4)
    def claim(self):
        self.client.post("/v1/billing/claims", json={"patient": pid(), "amount": 120}, name="/v1/billing/claims")

    @task(4)
    def verify(self):
        self.client.post("/v1/insurance/verify", json={"patient": pid()}, name="/v1/insurance/verify")

    @task(1)
    def imaging(self):
        self.client.post("/v1/imaging", json={"patient": pid(), "study": "CT"}, name="/v1/imaging", timeout=2.0)
