"""Extensions created once and bound to the app in create_app (the Flask pattern)."""
from flask_socketio import SocketIO

socketio = SocketIO()
