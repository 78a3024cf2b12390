"""deploy/kubernetes.yml parses and fits together: selectors, ports, services, the endpoints it
mounts, and no secret written in it."""

from pathlib import Path

import yaml

from tests.rasa_cli import ROOT

DOCUMENTS = [d for d in yaml.safe_load_all((ROOT / "deploy" / "kubernetes.yml").read_text()) if d]
BY_KIND = {}
for document in DOCUMENTS:
    BY_KIND.setdefault(document["kind"], []).append(document)
SERVICES = {service["metadata"]["name"]: service for service in BY_KIND["Service"]}


def pod_of(service):
    selector = service["spec"]["selector"]
    matching = [
        d for d in BY_KIND["Deployment"]
        if selector.items() <= d["spec"]["template"]["metadata"]["labels"].items()
    ]
    assert len(matching) == 1, service["metadata"]["name"]
    return matching[0]["spec"]["template"]["spec"]


def test_every_document_has_the_basic_fields():
    assert {"ConfigMap", "Deployment", "Service", "Ingress"} <= BY_KIND.keys()
    for document in DOCUMENTS:
        assert document["apiVersion"] and document["metadata"]["name"]


def test_deployments_select_their_own_pods():
    for deployment in BY_KIND["Deployment"]:
        selector = deployment["spec"]["selector"]["matchLabels"]
        assert selector.items() <= deployment["spec"]["template"]["metadata"]["labels"].items()


def test_services_reach_a_named_container_port():
    for name, service in SERVICES.items():
        if service["spec"].get("type") == "ExternalName":
            continue
        ports = {p["name"] for c in pod_of(service)["containers"] for p in c["ports"]}
        assert all(port["targetPort"] in ports for port in service["spec"]["ports"]), name


def test_the_ingress_routes_to_existing_services_and_ports():
    for rule in BY_KIND["Ingress"][0]["spec"]["rules"]:
        for path in rule["http"]["paths"]:
            backend = path["backend"]["service"]
            assert backend["port"]["name"] in {p["name"] for p in SERVICES[backend["name"]]["spec"]["ports"]}


def test_the_mounted_endpoints_name_existing_services_and_keep_the_crisis_nlg():
    endpoints = yaml.safe_load(BY_KIND["ConfigMap"][0]["data"]["endpoints.yml"])
    assert endpoints["nlg"]["type"] == "bot.crisis.nlg.SupportLineGenerator"
    assert endpoints["action_endpoint"]["url"].split("//")[1].split(":")[0] in SERVICES
    assert endpoints["tracker_store"]["url"] in SERVICES and endpoints["lock_store"]["url"] in SERVICES
    assert endpoints["tracker_store"]["password"] == "${RASA_DB_PASSWORD}"
    production = yaml.safe_load((ROOT / "deploy" / "endpoints.prod.yml").read_text())
    assert endpoints["tracker_store"]["type"] == production["tracker_store"]["type"]


def test_the_rasa_pods_read_the_mounted_endpoints_and_their_secrets_from_a_secret():
    rasa = pod_of(SERVICES["rasa"])["containers"][0]
    mount = rasa["volumeMounts"][0]["mountPath"]
    assert f"{mount}/endpoints.yml" in rasa["args"]
    assert rasa["envFrom"][0]["secretRef"]["name"]
    assert "--auth-token" in rasa["args"]  # the HTTP API is never open


def test_no_secret_is_written_in_the_repository_files():
    text = (ROOT / "deploy" / "kubernetes.yml").read_text() + Path(ROOT / "credentials.yml").read_text()
    assert "kind: Secret" not in text
    for word in ("xoxb-", "EAAB", "AC0", "bot123"):
        assert word not in text
