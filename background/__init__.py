"""Background work: the task queue's worker, retries with backoff, periodic tasks and failed tasks (dead letters).

Apps define tasks with ``background.queue.task`` (django-tasks' decorator plus a retry policy) and register
periodic ones with ``background.schedule.register_periodic`` from their ``AppConfig.ready``. ``manage.py worker``
runs them (``background.worker``); ``manage.py worker_status`` reports on the queue and the workers.
"""
