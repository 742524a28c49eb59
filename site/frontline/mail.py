"""Site email never leaves inside a request: the email backend hands each message to a task on the "email" alias.

EMAIL_DELIVERY_BACKEND is the backend that really sends (console, SMTP); the task carries the message as JSON, so
the background worker (background.worker) sends it, retrying with backoff while the mail server refuses.
"""

import base64
from email.mime.base import MIMEBase

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend

from background.queue import enqueue_many, task


def message_to_json(message):
    """Return a JSON-serializable description of an email message (text, HTML alternatives, attachments)."""
    attachments = []
    for attachment in message.attachments:
        filename, content, mimetype = attachment
        raw = content.encode() if isinstance(content, str) else content
        attachments.append([filename, base64.b64encode(raw).decode("ascii"), mimetype])
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "content_subtype": message.content_subtype,
        "alternatives": [[content, mimetype] for content, mimetype in getattr(message, "alternatives", [])],
        "attachments": attachments,
    }


def message_from_json(data):
    """Return the email message a message_to_json description stands for."""
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
        alternatives=[tuple(alternative) for alternative in data["alternatives"]],
    )
    message.content_subtype = data["content_subtype"]
    for filename, content, mimetype in data["attachments"]:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


@task(backend="email", max_attempts=8, backoff=30)
def deliver_email(message):
    """Send one message (as message_to_json described it) through the delivery backend."""
    with get_connection(settings.EMAIL_DELIVERY_BACKEND) as connection:
        connection.send_messages([message_from_json(message)])


class DeferredEmailBackend(BaseEmailBackend):
    """Queue each message for delivery after the response (see frontline.tasks) instead of sending it inline."""

    # The messages of one send_messages call are queued together (one statement on the database queue), as part of
    # the caller's transaction: a caller that marks them sent in the same transaction may hand over a whole batch.
    queues_in_transaction = True

    def send_messages(self, email_messages):
        queued = []
        for message in email_messages:
            if any(isinstance(attachment, MIMEBase) for attachment in message.attachments):
                with get_connection(settings.EMAIL_DELIVERY_BACKEND) as connection:  # not serializable: send now
                    connection.send_messages([message])
            else:
                queued.append(((message_to_json(message),), {}))
        enqueue_many(deliver_email, queued)  # each message stays a task of its own (its own retries)
        return len(email_messages)
