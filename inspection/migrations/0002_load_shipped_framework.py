"""Load the shipped framework (hmip-pdu-2021 v1) on migrate.

Frozen: this migration carries its own copy of the framework's data (as `framework_read` gave it
when the migration was written, prompt rules merged with their key question's) and its own
loader over the migration's historical models, so it writes the same rows forever, whatever later
code or `inspection/frameworks/hmip-pdu-2021.yaml` say. Later changes to the shipped framework are
new versions, loaded by later migrations or `load_framework`.
"""

from django.db import migrations

FRAMEWORK = {
    "format": "inspection-framework/1",
    "code": "hmip-pdu-2021",
    "version": 1,
    "title": "Probation Delivery Unit inspection standards (2021)",
    "answers": ["yes", "no", "na"],
    "scores": {"outstanding": 3, "good": 2, "requires_improvement": 1, "inadequate": 0},
    "case_bands": [
        {"min_percent": 80, "rating": "outstanding"},
        {"min_percent": 65, "rating": "good"},
        {"min_percent": 50, "rating": "requires_improvement"},
        {"min_percent": 0, "rating": "inadequate"},
    ],
    "overall_bands": [
        {"min_score": 23, "rating": "outstanding"},
        {"min_score": 14, "rating": "good"},
        {"min_score": 5, "rating": "requires_improvement"},
        {"min_score": 0, "rating": "inadequate"},
    ],
    "interval": {"method": "wilson", "confidence": 0.8},
    "domains": [
        {
            "code": "1",
            "title": "Organisational delivery",
            "standards": [
                {
                    "code": "1.1",
                    "title": "Leadership",
                    "statement": "The leadership of the PDU enables delivery of a "
                    "high-quality, personalised and responsive service "
                    "for all people on probation.",
                    "rated_from": "judgement",
                    "key_questions": [],
                },
                {
                    "code": "1.2",
                    "title": "Staff",
                    "statement": "Staff are enabled to deliver a high-quality, "
                    "personalised and responsive service for all people "
                    "on probation.",
                    "rated_from": "judgement",
                    "key_questions": [],
                },
                {
                    "code": "1.3",
                    "title": "Services",
                    "statement": "A comprehensive range of high-quality services is "
                    "in place, supporting a tailored and responsive "
                    "service for all people on probation.",
                    "rated_from": "judgement",
                    "key_questions": [],
                },
                {
                    "code": "1.4",
                    "title": "Information and facilities",
                    "statement": "Timely and relevant information is available and "
                    "appropriate facilities are in place to support a "
                    "high-quality, personalised and responsive approach "
                    "for all people on probation.",
                    "rated_from": "judgement",
                    "key_questions": [],
                },
            ],
        },
        {
            "code": "2",
            "title": "Court work and case supervision",
            "standards": [
                {
                    "code": "2.1",
                    "title": "Court work",
                    "statement": "The pre-sentence information and advice provided to "
                    "court supports its decision-making.",
                    "rated_from": "cases",
                    "key_questions": [
                        {
                            "code": "2.1.1",
                            "text": "Is the pre-sentence information and "
                            "advice provided to court sufficiently "
                            "analytical and personalised to the "
                            "individual, supporting the court's "
                            "decision-making?",
                            "hint": "Answer only where pre-sentence "
                            "information was given to court in "
                            "this case; otherwise record not "
                            "applicable.",
                            "answers": ["yes", "no", "na"],
                            "applies_to": {"pre_sentence_info": [True]},
                            "prompts": [
                                {
                                    "code": "2.1.1.a",
                                    "text": "Did the pre-sentence "
                                    "information draw "
                                    "sufficiently on "
                                    "available sources, "
                                    "including information "
                                    "from other agencies?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {"pre_sentence_info": [True]},
                                },
                                {
                                    "code": "2.1.1.b",
                                    "text": "Were appropriate "
                                    "domestic abuse enquiries "
                                    "made before sentence?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {"pre_sentence_info": [True]},
                                },
                                {
                                    "code": "2.1.1.c",
                                    "text": "Were appropriate child "
                                    "safeguarding enquiries "
                                    "made before sentence?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {"pre_sentence_info": [True]},
                                },
                                {
                                    "code": "2.1.1.d",
                                    "text": "Did the pre-sentence "
                                    "information consider the "
                                    "factors linked to "
                                    "reoffending?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {"pre_sentence_info": [True]},
                                },
                                {
                                    "code": "2.1.1.e",
                                    "text": "Did the pre-sentence "
                                    "information consider the "
                                    "risk of harm to others?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {"pre_sentence_info": [True]},
                                },
                                {
                                    "code": "2.1.1.f",
                                    "text": "Did the pre-sentence "
                                    "information consider the "
                                    "person's motivation and "
                                    "readiness to change?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {"pre_sentence_info": [True]},
                                },
                                {
                                    "code": "2.1.1.g",
                                    "text": "Did the pre-sentence "
                                    "information consider the "
                                    "person's diversity and "
                                    "personal circumstances?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {"pre_sentence_info": [True]},
                                },
                                {
                                    "code": "2.1.1.h",
                                    "text": "Was the proposal made to court appropriate?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {"pre_sentence_info": [True]},
                                },
                                {
                                    "code": "2.1.1.i",
                                    "text": "Was a record kept of the advice given to court?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {"pre_sentence_info": [True]},
                                },
                            ],
                        }
                    ],
                },
                {
                    "code": "2.2",
                    "title": "Assessment",
                    "statement": "Assessment is well-informed, analytical and "
                    "personalised, actively involving the person on "
                    "probation.",
                    "rated_from": "cases",
                    "key_questions": [
                        {
                            "code": "2.2.1",
                            "text": "Does assessment focus sufficiently on "
                            "engaging the person on probation?",
                            "hint": "Consider whether the person's views, "
                            "circumstances and motivation were "
                            "gathered and used to shape future "
                            "work.",
                            "answers": ["yes", "no", "na"],
                            "applies_to": {},
                            "prompts": [
                                {
                                    "code": "2.2.1.a",
                                    "text": "Does assessment involve "
                                    "the person on probation "
                                    "and take their views "
                                    "into account?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.2.1.b",
                                    "text": "Does assessment gather "
                                    "sufficient information "
                                    "on the person's personal "
                                    "circumstances that may "
                                    "affect their engagement?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.2.1.c",
                                    "text": "Does assessment analyse "
                                    "the person's motivation "
                                    "and readiness to engage "
                                    "and comply with the "
                                    "sentence or licence?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                            ],
                        },
                        {
                            "code": "2.2.2",
                            "text": "Does assessment focus sufficiently on "
                            "the factors linked to offending and "
                            "desistance?",
                            "hint": "Consider whether the factors linked "
                            "to offending, the person's strengths "
                            "and their diversity are identified "
                            "and analysed.",
                            "answers": ["yes", "no", "na"],
                            "applies_to": {},
                            "prompts": [
                                {
                                    "code": "2.2.2.a",
                                    "text": "Does assessment identify "
                                    "and analyse the factors "
                                    "linked to offending?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.2.2.b",
                                    "text": "Does assessment analyse "
                                    "the person's diversity "
                                    "and protected "
                                    "characteristics, and "
                                    "consider their impact on "
                                    "the person's ability to "
                                    "comply and engage?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.2.2.c",
                                    "text": "Does assessment identify "
                                    "the person's strengths "
                                    "and protective factors?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.2.2.d",
                                    "text": "Does assessment draw "
                                    "sufficiently on "
                                    "available sources of "
                                    "information, including "
                                    "previous assessments and "
                                    "other agencies?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                            ],
                        },
                        {
                            "code": "2.2.3",
                            "text": "Does assessment focus sufficiently on "
                            "keeping other people safe?",
                            "hint": "Consider whether risk of harm to "
                            "others, including to actual and "
                            "potential victims, is clearly "
                            "identified and analysed.",
                            "answers": ["yes", "no", "na"],
                            "applies_to": {},
                            "prompts": [
                                {
                                    "code": "2.2.3.a",
                                    "text": "Does assessment clearly "
                                    "identify and analyse any "
                                    "risk of harm to others?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.2.3.b",
                                    "text": "Does assessment draw "
                                    "sufficiently on "
                                    "available sources of "
                                    "information, including "
                                    "past behaviour and "
                                    "information from other "
                                    "agencies?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.2.3.c",
                                    "text": "Does assessment analyse "
                                    "specific concerns and "
                                    "risks related to actual "
                                    "and potential victims?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.2.3.d",
                                    "text": "Were the necessary "
                                    "domestic abuse and child "
                                    "safeguarding enquiries "
                                    "made to inform the "
                                    "assessment?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                            ],
                        },
                    ],
                },
                {
                    "code": "2.3",
                    "title": "Planning",
                    "statement": "Planning is well-informed, holistic and "
                    "personalised, actively involving the person on "
                    "probation.",
                    "rated_from": "cases",
                    "key_questions": [
                        {
                            "code": "2.3.1",
                            "text": "Does planning focus sufficiently on "
                            "engaging the person on probation?",
                            "hint": "Consider whether the plan is "
                            "realistic, reflects the person's "
                            "views and circumstances, and sets out "
                            "how the sentence will be delivered.",
                            "answers": ["yes", "no", "na"],
                            "applies_to": {},
                            "prompts": [
                                {
                                    "code": "2.3.1.a",
                                    "text": "Does planning involve "
                                    "the person on probation "
                                    "and take their views "
                                    "into account?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.3.1.b",
                                    "text": "Does planning set out "
                                    "the requirements of the "
                                    "sentence or licence and "
                                    "the delivery "
                                    "arrangements in the "
                                    "available timescales?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.3.1.c",
                                    "text": "Does planning take "
                                    "sufficient account of "
                                    "the person's diversity, "
                                    "personal circumstances, "
                                    "readiness and motivation "
                                    "to change?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                            ],
                        },
                        {
                            "code": "2.3.2",
                            "text": "Does planning focus sufficiently on "
                            "reducing reoffending and supporting "
                            "desistance?",
                            "hint": "Consider whether the plan prioritises "
                            "the most crucial factors linked to "
                            "offending and sets out the services "
                            "to address them.",
                            "answers": ["yes", "no", "na"],
                            "applies_to": {},
                            "prompts": [
                                {
                                    "code": "2.3.2.a",
                                    "text": "Does planning address "
                                    "the most crucial factors "
                                    "linked to offending?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.3.2.b",
                                    "text": "Does planning set out "
                                    "the services most likely "
                                    "to reduce reoffending "
                                    "and support desistance, "
                                    "including accredited "
                                    "programmes where "
                                    "suitable?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.3.2.c",
                                    "text": "Does planning build on "
                                    "the person's strengths "
                                    "and protective factors?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.3.2.d",
                                    "text": "Does planning take "
                                    "sufficient account of "
                                    "opportunities to involve "
                                    "key people in the "
                                    "person's life and other "
                                    "agencies?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                            ],
                        },
                        {
                            "code": "2.3.3",
                            "text": "Does planning focus sufficiently on "
                            "keeping other people safe?",
                            "hint": "Consider whether the plan addresses "
                            "the most critical risk-of-harm "
                            "factors, links with other agencies "
                            "and has effective contingency "
                            "arrangements.",
                            "answers": ["yes", "no", "na"],
                            "applies_to": {},
                            "prompts": [
                                {
                                    "code": "2.3.3.a",
                                    "text": "Does planning address "
                                    "risk-of-harm factors and "
                                    "prioritise those which "
                                    "are most critical?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.3.3.b",
                                    "text": "Does planning set out "
                                    "the necessary "
                                    "constructive and "
                                    "restrictive "
                                    "interventions?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.3.3.c",
                                    "text": "Does planning make "
                                    "appropriate links to the "
                                    "work of other agencies "
                                    "involved with the person "
                                    "on probation?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.3.3.d",
                                    "text": "Does planning set out "
                                    "necessary and effective "
                                    "contingency arrangements "
                                    "to manage the risks "
                                    "identified?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                            ],
                        },
                    ],
                },
                {
                    "code": "2.4",
                    "title": "Implementation and delivery",
                    "statement": "High-quality well-focused, personalised and "
                    "coordinated services are delivered, engaging the "
                    "person on probation.",
                    "rated_from": "cases",
                    "key_questions": [
                        {
                            "code": "2.4.1",
                            "text": "Is the sentence or post-custody "
                            "period implemented effectively with a "
                            "focus on engaging the person on "
                            "probation?",
                            "hint": "Consider whether delivery started "
                            "promptly, was flexible to the "
                            "person's circumstances and built an "
                            "effective working relationship.",
                            "answers": ["yes", "no", "na"],
                            "applies_to": {},
                            "prompts": [
                                {
                                    "code": "2.4.1.a",
                                    "text": "Does the sentence or "
                                    "post-custody period "
                                    "start promptly, with "
                                    "sufficient contact to "
                                    "engage the person on "
                                    "probation?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.4.1.b",
                                    "text": "Is sufficient focus "
                                    "given to developing and "
                                    "maintaining an effective "
                                    "working relationship "
                                    "with the person on "
                                    "probation?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.4.1.c",
                                    "text": "Does delivery take "
                                    "account of the person's "
                                    "diversity and personal "
                                    "circumstances, "
                                    "responding flexibly to "
                                    "support engagement?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.4.1.d",
                                    "text": "Are reasonable efforts "
                                    "made to re-engage the "
                                    "person on probation, "
                                    "with enforcement action "
                                    "taken appropriately "
                                    "where needed?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                            ],
                        },
                        {
                            "code": "2.4.2",
                            "text": "Does the implementation and delivery "
                            "of services effectively support "
                            "desistance?",
                            "hint": "Consider whether the services "
                            "identified in planning to reduce "
                            "reoffending were actually delivered.",
                            "answers": ["yes", "no", "na"],
                            "applies_to": {},
                            "prompts": [
                                {
                                    "code": "2.4.2.a",
                                    "text": "Are the services most "
                                    "likely to reduce "
                                    "reoffending and support "
                                    "desistance delivered, in "
                                    "line with planning?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.4.2.b",
                                    "text": "Are accredited "
                                    "programmes, targeted "
                                    "interventions and "
                                    "commissioned services "
                                    "used where suitable?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.4.2.c",
                                    "text": "Does delivery build on "
                                    "the person's strengths "
                                    "and enhance protective "
                                    "factors?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.4.2.d",
                                    "text": "Does delivery involve "
                                    "key people in the "
                                    "person's life where "
                                    "appropriate?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                            ],
                        },
                        {
                            "code": "2.4.3",
                            "text": "Does the implementation and delivery "
                            "of services effectively support the "
                            "safety of other people?",
                            "hint": "Consider whether services, home "
                            "visits and multi-agency work were "
                            "sufficient to manage and minimise "
                            "risk of harm.",
                            "answers": ["yes", "no", "na"],
                            "applies_to": {},
                            "prompts": [
                                {
                                    "code": "2.4.3.a",
                                    "text": "Are the services "
                                    "delivered sufficient to "
                                    "manage and minimise the "
                                    "risk of harm to others?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.4.3.b",
                                    "text": "Are home visits "
                                    "undertaken where "
                                    "necessary to support the "
                                    "management of risk of "
                                    "harm?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.4.3.c",
                                    "text": "Is multi-agency work "
                                    "coordinated effectively "
                                    "to manage risk of harm?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.4.3.d",
                                    "text": "Is sufficient protection "
                                    "given to actual and "
                                    "potential victims, "
                                    "including through "
                                    "sharing and using "
                                    "information from other "
                                    "agencies?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                            ],
                        },
                    ],
                },
                {
                    "code": "2.5",
                    "title": "Reviewing",
                    "statement": "Reviewing of progress is well-informed, analytical "
                    "and personalised, actively involving the person on "
                    "probation.",
                    "rated_from": "cases",
                    "key_questions": [
                        {
                            "code": "2.5.1",
                            "text": "Does reviewing focus sufficiently on "
                            "supporting the compliance and "
                            "engagement of the person on "
                            "probation?",
                            "hint": "Consider whether reviews, formal or "
                            "informal, involved the person and "
                            "responded to their compliance and "
                            "engagement.",
                            "answers": ["yes", "no", "na"],
                            "applies_to": {},
                            "prompts": [
                                {
                                    "code": "2.5.1.a",
                                    "text": "Does reviewing involve "
                                    "the person on probation "
                                    "and take their views "
                                    "into account?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.5.1.b",
                                    "text": "Does reviewing identify "
                                    "and respond to changes "
                                    "in the person's "
                                    "compliance, engagement "
                                    "and any barriers to "
                                    "them?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.5.1.c",
                                    "text": "Does reviewing lead to "
                                    "any necessary "
                                    "adjustments to the plan "
                                    "of work to support "
                                    "compliance and "
                                    "engagement?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                            ],
                        },
                        {
                            "code": "2.5.2",
                            "text": "Does reviewing focus sufficiently on supporting desistance?",
                            "hint": "Consider whether reviews took stock "
                            "of progress, acknowledged positive "
                            "change and identified future work on "
                            "factors linked to offending.",
                            "answers": ["yes", "no", "na"],
                            "applies_to": {},
                            "prompts": [
                                {
                                    "code": "2.5.2.a",
                                    "text": "Does reviewing identify "
                                    "and address changes in "
                                    "factors linked to "
                                    "offending?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.5.2.b",
                                    "text": "Does reviewing take "
                                    "stock of progress made "
                                    "and build on the "
                                    "person's strengths and "
                                    "protective factors?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.5.2.c",
                                    "text": "Does reviewing draw on "
                                    "information from other "
                                    "agencies involved with "
                                    "the person on probation?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.5.2.d",
                                    "text": "Does reviewing lead to "
                                    "any necessary "
                                    "adjustments to the plan "
                                    "of work to support "
                                    "desistance?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                            ],
                        },
                        {
                            "code": "2.5.3",
                            "text": "Does reviewing focus sufficiently on "
                            "keeping other people safe?",
                            "hint": "Consider whether changes in "
                            "risk-of-harm factors were identified "
                            "and addressed, with up-to-date "
                            "information from the person and "
                            "others.",
                            "answers": ["yes", "no", "na"],
                            "applies_to": {},
                            "prompts": [
                                {
                                    "code": "2.5.3.a",
                                    "text": "Does reviewing identify "
                                    "and address changes in "
                                    "factors related to risk "
                                    "of harm?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.5.3.b",
                                    "text": "Does reviewing of risk "
                                    "of harm involve the "
                                    "person on probation and "
                                    "key people in their "
                                    "life?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.5.3.c",
                                    "text": "Does reviewing draw on "
                                    "information from other "
                                    "agencies involved in "
                                    "managing risk of harm?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.5.3.d",
                                    "text": "Does reviewing lead to "
                                    "any necessary "
                                    "adjustments to the plan "
                                    "of work to manage and "
                                    "minimise risk of harm?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                            ],
                        },
                    ],
                },
                {
                    "code": "2.6",
                    "title": "Outcomes",
                    "statement": "Early outcomes are positive, demonstrating "
                    "reasonable progress for the person on probation.",
                    "rated_from": "none",
                    "key_questions": [
                        {
                            "code": "2.6.1",
                            "text": "Do early outcomes demonstrate that "
                            "reasonable progress has been made, in "
                            "line with the personalised needs of "
                            "the person on probation?",
                            "hint": "Judge progress relative to the stage "
                            "of the sentence or licence; this "
                            "standard is reported, not rated.",
                            "answers": ["yes", "no", "na"],
                            "applies_to": {},
                            "prompts": [
                                {
                                    "code": "2.6.1.a",
                                    "text": "Has there been a "
                                    "reduction in the factors "
                                    "linked to offending, "
                                    "such as accommodation, "
                                    "finance, benefits and "
                                    "debt?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.6.1.b",
                                    "text": "Has the risk of serious "
                                    "harm posed by the person "
                                    "been reduced?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.6.1.c",
                                    "text": "Has the person complied "
                                    "with the requirements of "
                                    "their sentence or "
                                    "licence?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                                {
                                    "code": "2.6.1.d",
                                    "text": "Has the person avoided an increase in offending?",
                                    "hint": "",
                                    "answers": ["yes", "no", "na"],
                                    "applies_to": {},
                                },
                            ],
                        }
                    ],
                },
                {
                    "code": "R",
                    "title": "Resettlement",
                    "statement": "Work before release prepares the person on "
                    "probation for release, addressing their "
                    "resettlement needs and keeping other people safe.",
                    "rated_from": "none",
                    "key_questions": [
                        {
                            "code": "R.1",
                            "text": "Was there sufficient contact with the "
                            "person on probation before release?",
                            "hint": "Licence cases only: consider contact "
                            "in custody that set a positive "
                            "foundation for supervision.",
                            "answers": ["yes", "no", "na"],
                            "applies_to": {"case_type": ["licence"]},
                            "prompts": [],
                        },
                        {
                            "code": "R.2",
                            "text": "Were the key resettlement and "
                            "desistance needs of the person on "
                            "probation addressed before release?",
                            "hint": "Licence cases only: consider whether "
                            "supportive plans, such as "
                            "accommodation, were in place on "
                            "release.",
                            "answers": ["yes", "no", "na"],
                            "applies_to": {"case_type": ["licence"]},
                            "prompts": [],
                        },
                        {
                            "code": "R.3",
                            "text": "Were the key risk of harm needs of "
                            "the person on probation addressed "
                            "before release?",
                            "hint": "Licence cases only: consider whether "
                            "factors linked to risk of serious "
                            "harm were managed before release.",
                            "answers": ["yes", "no", "na"],
                            "applies_to": {"case_type": ["licence"]},
                            "prompts": [],
                        },
                    ],
                },
                {
                    "code": "MO",
                    "title": "Management oversight",
                    "statement": "Management oversight of the case is sufficient and "
                    "effective in supporting the quality of work and "
                    "keeping other people safe.",
                    "rated_from": "none",
                    "key_questions": [
                        {
                            "code": "MO.1",
                            "text": "Was management oversight sufficient "
                            "and effective in this case?",
                            "hint": "Record absent where there was no "
                            "oversight, ineffective where it did "
                            "not change practice, insufficient "
                            "where it fell short of what the case "
                            "needed.",
                            "answers": [
                                "sufficient",
                                "insufficient",
                                "ineffective",
                                "absent",
                                "na",
                            ],
                            "applies_to": {},
                            "prompts": [],
                        }
                    ],
                },
            ],
        },
    ],
}


def load(apps, schema_editor):
    FrameworkVersion = apps.get_model("inspection", "FrameworkVersion")
    Domain = apps.get_model("inspection", "Domain")
    Standard = apps.get_model("inspection", "Standard")
    Item = apps.get_model("inspection", "Item")
    doc = FRAMEWORK
    if FrameworkVersion.objects.filter(code=doc["code"], version=doc["version"]).exists():
        return
    version = FrameworkVersion.objects.create(
        code=doc["code"],
        version=doc["version"],
        title=doc["title"],
        answers=doc["answers"],
        scores=doc["scores"],
        case_bands=doc["case_bands"],
        overall_bands=doc["overall_bands"],
        interval_method=doc["interval"]["method"],
        interval_confidence=doc["interval"]["confidence"],
        source=doc,
    )
    order = 0
    for d_order, d in enumerate(doc["domains"]):
        domain = Domain.objects.create(
            framework=version, code=d["code"], title=d["title"], order=d_order
        )
        for s in d["standards"]:
            order += 1
            standard = Standard.objects.create(
                framework=version,
                domain=domain,
                code=s["code"],
                title=s["title"],
                statement=s["statement"],
                rated_from=s["rated_from"],
                order=order,
            )
            for kq in s["key_questions"]:
                order += 1
                parent = Item.objects.create(
                    framework=version,
                    standard=standard,
                    kind="key_question",
                    order=order,
                    code=kq["code"],
                    text=kq["text"],
                    hint=kq["hint"],
                    answers=kq["answers"],
                    applies_to=kq["applies_to"],
                )
                for p in kq["prompts"]:
                    order += 1
                    Item.objects.create(
                        framework=version,
                        standard=standard,
                        parent=parent,
                        kind="prompt",
                        order=order,
                        code=p["code"],
                        text=p["text"],
                        hint=p["hint"],
                        answers=p["answers"],
                        applies_to=p["applies_to"],
                    )


class Migration(migrations.Migration):
    dependencies = [("inspection", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
