/**
 * What the playground says when something fails, in the page's language: one short sentence per kind of failure and
 * what a visitor can do about it in this page. No command-line words (flags, environment variables, file paths in
 * OPFS): those stay in the error's own message, which the page keeps behind "Details" for reports.
 */

const en = {
  unreachable: 'The model could not be downloaded: the model host did not answer.',
  damaged: 'The downloaded file is damaged or is not the published one, so it was removed from this browser.',
  wrongArchitecture:
    'This file holds the weights of a different network than the chosen model, so it was removed from this browser.',
  unreadableCheckpoint: 'This file is not a checkpoint the playground can read.',
  unreadableModel: 'This file is not a model the playground can run.',
  noWebgpu: 'This browser offers no WebGPU adapter here, so nothing was downloaded.',
  noFp16: 'This GPU cannot run fp16 here, so nothing was downloaded.',
  noRoom: 'This browser does not have room for the model, so nothing was downloaded.',
  badImage: 'This image could not be read.',
  crashed: 'The model stopped with an error.',
  incompleteChoice: 'The model source is not filled in yet.',
  unknown: 'Something went wrong.',
  retryButton: 'Try again',
  action: {
    downloadAgain: 'Press “Try again” to download it again.',
    chooseSource: 'Choose another model source under “More options”, or try again later.',
    chooseModel: 'Choose the model that matches the file, or open another file under “More options”.',
    chooseFile: 'Open another file under “More options”.',
    fillSource: 'Pick the file or type the address under “More options”, then press the button again.',
    chooseWasm: 'Choose “WASM (CPU)” or “Auto” as the device under “More options”.',
    chooseFp32: 'Choose fp32 as the precision under “More options”.',
    freeSpace: 'Clear the model cache, or free space for this site in the browser’s settings.',
    chooseImage: 'Choose another image (JPEG, PNG, GIF, WebP, BMP or TIFF).',
    reload: 'Try again; if it fails again, reload the page.',
  },
  details: 'Details (for a bug report)',
};

export type FailureMessages = typeof en;

const ko: FailureMessages = {
  unreachable: '모델을 내려받지 못했습니다. 모델 호스트가 응답하지 않습니다.',
  damaged: '내려받은 파일이 손상되었거나 게시된 파일이 아니어서 이 브라우저에서 지웠습니다.',
  wrongArchitecture: '이 파일은 고른 모델과 다른 신경망의 가중치라서 이 브라우저에서 지웠습니다.',
  unreadableCheckpoint: '플레이그라운드가 읽을 수 있는 체크포인트 파일이 아닙니다.',
  unreadableModel: '플레이그라운드가 실행할 수 있는 모델 파일이 아닙니다.',
  noWebgpu: '이 브라우저는 여기서 WebGPU 어댑터를 제공하지 않아 아무것도 내려받지 않았습니다.',
  noFp16: '이 GPU는 여기서 fp16을 실행할 수 없어 아무것도 내려받지 않았습니다.',
  noRoom: '이 브라우저에 모델을 저장할 공간이 없어 아무것도 내려받지 않았습니다.',
  badImage: '이 이미지를 읽을 수 없습니다.',
  crashed: '모델이 오류로 멈췄습니다.',
  incompleteChoice: '모델 출처가 아직 채워지지 않았습니다.',
  unknown: '문제가 생겼습니다.',
  retryButton: '다시 시도',
  action: {
    downloadAgain: '“다시 시도”를 눌러 다시 내려받으세요.',
    chooseSource: '“추가 옵션”에서 다른 모델 출처를 고르거나, 잠시 뒤 다시 시도하세요.',
    chooseModel: '파일에 맞는 모델을 고르거나, “추가 옵션”에서 다른 파일을 여세요.',
    chooseFile: '“추가 옵션”에서 다른 파일을 여세요.',
    fillSource: '“추가 옵션”에서 파일을 고르거나 주소를 입력한 뒤 버튼을 다시 누르세요.',
    chooseWasm: '“추가 옵션”에서 장치를 “WASM (CPU)” 또는 “자동”으로 고르세요.',
    chooseFp32: '“추가 옵션”에서 정밀도를 fp32로 고르세요.',
    freeSpace: '모델 캐시를 지우거나, 브라우저 설정에서 이 사이트의 저장 공간을 확보하세요.',
    chooseImage: '다른 이미지(JPEG, PNG, GIF, WebP, BMP, TIFF)를 고르세요.',
    reload: '다시 시도하고, 또 실패하면 페이지를 새로 고치세요.',
  },
  details: '자세한 내용(버그 신고용)',
};

export const FAILURE_MESSAGES = { en, ko } as const;
