"""Names shared by the NLU component (components/) and the actions (actions/): how findings and
questions travel in a message's parse data. One definition, so the two sides cannot drift apart."""
FINDING_ENTITY = "finding"          # entity: value = sign, role = status
QUESTION_INTENT = "faq"             # the retrieval intent of routine questions
QUESTION_KEY = "asks_question"      # parse-data flag: the message asks something, whatever its intent
