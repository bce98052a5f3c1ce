from lambdaprep.tui.screens.base import AreaScreen

class MockScreen(AreaScreen):
    AREA_ID = "mock"
