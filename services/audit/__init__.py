"""Audit: tamper-evident hash chain, seals, verification, export/import, history in words.

- ``chain``: what a link covers, the stored rows, the chain projection (view ``audit_chain_v2``);
- ``verify``: recompute the chain and name the first notification that does not match;
- ``seal``: seal the chain's head as an ``AuditSeal`` event, periodically or on demand;
- ``transfer``: export every event with its link to NDJSON (password hashes withheld
  unless asked for), check such a file, import it into an empty store;
- ``history``: an aggregate's events in Vietnamese words, its state at any version;
- ``index``: the event browser's projection (view ``audit_index``) and queries;
- ``service``: the use cases behind the API and the pages (auditors read only);
- ``commands``: ``thidua audit verify|export|check|import|seal|keygen``.

docs/audit.md describes the design and the handling of the cipher key.
"""
